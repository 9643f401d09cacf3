using RegistryConsole.Core.Access;
using RegistryConsole.Core.Audit;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Servers;
using RegistryConsole.Tests.Unit.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace RegistryConsole.Tests.Unit.Core.Audit;

/// <summary>Issue 13 item 7: the audit log's actor filter suggests the distinct actors of the project's own log.</summary>
public sealed class AuditActorsTests : IAsyncLifetime
{
    private readonly CoreDatabase _db = new();

    public ValueTask InitializeAsync() => _db.InitializeAsync();

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private IAuditService Audit => _db.Services.GetRequiredService<IAuditService>();

    private IServerService Servers => _db.Services.GetRequiredService<IServerService>();

    [Fact]
    public async Task ListActorsAsync_DistinctNamesContainingTheText_AlphabeticalAndOnlyThisProject()
    {
        var editor = _db.Actor(Role.Editor) with { Name = "Alice Editor" };
        var admin = _db.Actor(Role.Admin) with { Name = "bob admin" };
        await AddAsync("fs", editor);
        await AddAsync("gh", editor);
        await AddAsync("gl", admin);
        var elsewhere = await _db.NewProjectActorAsync() with { Name = "Alien Elsewhere" };
        await AddAsync("other", elsewhere);

        var viewer = _db.Actor(Role.Viewer);
        var all = await Audit.ListActorsAsync(null, 20, viewer, Ct);
        var matching = await Audit.ListActorsAsync(" ALI ", 20, viewer, Ct);

        Assert.Equal(["Alice Editor", "bob admin"], all.Value);
        Assert.Equal(["Alice Editor"], matching.Value);
    }

    [Fact]
    public async Task ListActorsAsync_Limit_IsCheckedAndApplied()
    {
        await AddAsync("fs", _db.Actor(Role.Editor) with { Name = "a" });
        await AddAsync("gh", _db.Actor(Role.Editor) with { Name = "b" });

        var one = await Audit.ListActorsAsync(null, 1, _db.Actor(Role.Viewer), Ct);
        var tooMany = await Audit.ListActorsAsync(null, 51, _db.Actor(Role.Viewer), Ct);

        Assert.Equal(["a"], one.Value);
        Assert.Equal(ErrorKind.Validation, tooMany.Error!.Kind);
        Assert.Contains("limit", tooMany.Error.FieldErrors!.Keys);
    }

    private async Task AddAsync(string name, Actor actor)
    {
        var added = await Servers.AddAsync(ServerBodies.Stdio(name), actor, Ct);
        Assert.True(added.IsSuccess, added.IsSuccess ? null : added.Error.Message);
    }
}
