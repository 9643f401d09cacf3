using Microsoft.Extensions.DependencyInjection;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Servers;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Core;

/// <summary>The console's "just added" view reads the named servers in one call, in the order named, within the project.</summary>
public sealed class GetManyServersTests(CoreDatabase database) : IClassFixture<CoreDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IServerService Servers => database.Services.GetRequiredService<IServerService>();

    [Fact]
    public async Task GetMany_NamedKeys_ReturnsThemInTheOrderNamedAndLeavesOutUnknownOnes()
    {
        var actor = await database.NewProjectActorAsync(Role.Admin);
        await Servers.AddAsync(ServerBodies.Stdio("many-a"), actor, Ct);
        await Servers.AddAsync(ServerBodies.Stdio("many-b", "v1"), actor, Ct);
        await Servers.AddAsync(ServerBodies.Stdio("many-b", "v2"), actor, Ct);
        var other = await database.NewProjectActorAsync(Role.Admin);
        await Servers.AddAsync(ServerBodies.Stdio("many-c"), other, Ct);

        var result = await Servers.GetManyAsync([new("many-b", "v2"), new("many-c", "v1"), new("many-a", "v1"), new("many-b", "v3")], actor, Ct);

        Assert.True(result.IsSuccess);
        Assert.Equal(["many-b@v2", "many-a@v1"], result.Value.Select(s => $"{s.SavedName}@{s.ServerVersion}"));
        Assert.DoesNotContain("ghp_", result.Value[0].McpConfig.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetMany_RuntimeActorOrTooManyKeys_IsRefused()
    {
        var actor = await database.NewProjectActorAsync(Role.Admin);

        var runtime = await Servers.GetManyAsync([new("x", "v1")], CoreDatabase.As(actor, Role.Runtime), Ct);
        var tooMany = await Servers.GetManyAsync(Enumerable.Range(0, 101).Select(i => new ServerKey($"s{i}", "v1")).ToList(), actor, Ct);

        Assert.Equal(ErrorKind.Forbidden, runtime.Error!.Kind);
        Assert.Equal(ErrorKind.Validation, tooMany.Error!.Kind);
        Assert.Contains("keys", tooMany.Error.FieldErrors!.Keys);
    }
}
