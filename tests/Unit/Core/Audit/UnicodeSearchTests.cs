using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Audit;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Core.Audit;

/// <summary>
/// Every search box folds case the same way as the servers list: "über" finds "Über" in a gateway's description, an
/// audit event's entity name (an API key's name) and an actor's name, on SQLite and PostgreSQL, whose SQL lower() folds
/// ASCII only.
/// </summary>
public sealed class UnicodeSearchTests : IAsyncLifetime
{
    private readonly CoreDatabase _db = new();

    public ValueTask InitializeAsync() => _db.InitializeAsync();

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private IGatewayService Gateways => _db.Services.GetRequiredService<IGatewayService>();

    private IAuditService Audit => _db.Services.GetRequiredService<IAuditService>();

    [Fact]
    public async Task ListGateways_TermWithNonAsciiLetters_MatchesTheDescriptionInAnyCase_AndFollowsItsChange()
    {
        var admin = _db.Actor(Role.Admin);
        var added = await Gateways.AddAsync(new JsonObject
        {
            ["gateway_saved_name"] = "plant-gw",
            ["description"] = "Überwachung der Fertigung",
            ["servers_config"] = new JsonObject { ["servers"] = new JsonArray() },
        }, admin, Ct);
        Assert.True(added.IsSuccess, added.IsSuccess ? null : added.Error.Message);

        Assert.Equal(1, await CountGatewaysAsync("überwachung"));
        Assert.Equal(1, await CountGatewaysAsync("ÜBERWACHUNG"));
        Assert.Equal(1, await CountGatewaysAsync("PLANT"));
        Assert.Equal(0, await CountGatewaysAsync("änderung"));

        var modified = await Gateways.ModifyAsync(new GatewayKey("plant-gw", "v1"), new JsonObject { ["description"] = "Änderung geplant" }, null, admin, Ct);
        Assert.True(modified.IsSuccess, modified.IsSuccess ? null : modified.Error.Message);

        Assert.Equal(0, await CountGatewaysAsync("überwachung"));
        Assert.Equal(1, await CountGatewaysAsync("ÄNDERUNG"));
    }

    [Fact]
    public async Task ListAuditEvents_TermWithNonAsciiLetters_MatchesTheEntityNameInAnyCase()
    {
        var admin = _db.Actor(Role.Admin);
        var keys = _db.Services.GetRequiredService<IApiKeyService>();
        var created = await keys.CreateAsync(new JsonObject { ["name"] = "Schlüssel Überwachung", ["role"] = "viewer" }, admin, Ct);
        Assert.True(created.IsSuccess, created.IsSuccess ? null : created.Error.Message);

        var found = await Audit.ListAsync(new AuditQuery { Search = "SCHLÜSSEL ÜBER" }, admin, Ct);
        var none = await Audit.ListAsync(new AuditQuery { Search = "schlüsselbund" }, admin, Ct);

        Assert.Equal("Schlüssel Überwachung", Assert.Single(found.Value!.Items).EntityName);
        Assert.Empty(none.Value!.Items);
    }

    [Fact]
    public async Task ListActors_TermWithNonAsciiLetters_MatchesTheActorInAnyCase()
    {
        var omer = _db.Actor(Role.Editor) with { Name = "Ömer Çelik" };
        var added = await _db.Services.GetRequiredService<RegistryConsole.Core.Servers.IServerService>().AddAsync(ServerBodies.Stdio("fs"), omer, Ct);
        Assert.True(added.IsSuccess, added.IsSuccess ? null : added.Error.Message);

        var matching = await Audit.ListActorsAsync("ömer ç", 20, _db.Actor(Role.Viewer), Ct);

        Assert.Equal(["Ömer Çelik"], matching.Value);
    }

    private async Task<int> CountGatewaysAsync(string search)
    {
        var page = await Gateways.ListAsync(new GatewayListQuery { Search = search }, _db.Actor(Role.Viewer), Ct);
        Assert.True(page.IsSuccess, page.IsSuccess ? null : page.Error.Message);
        return page.Value!.Total;
    }
}
