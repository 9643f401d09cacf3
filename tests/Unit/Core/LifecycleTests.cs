using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Audit;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Reviews;
using RegistryConsole.Core.Servers;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Core;

/// <summary>The lifecycle servers and gateways share: delete, restore (a Core method), If-Match, and their audit.</summary>
public sealed class LifecycleTests : IAsyncLifetime
{
    private readonly CoreDatabase _db = new();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _db.InitializeAsync();

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private IServerService Servers => _db.Services.GetRequiredService<IServerService>();

    private IGatewayService Gateways => _db.Services.GetRequiredService<IGatewayService>();

    [Fact]
    public async Task GatewayDeleteThenRestore_AuditsTheActiveFlagFromTheFullDocument_AndRestoreIsANewRevision()
    {
        var editor = await _db.NewProjectActorAsync(Role.Editor);
        Assert.True((await Servers.AddAsync(ServerBodies.Stdio("fs"), editor, Ct)).IsSuccess);
        var key = new GatewayKey("gw", "v1");
        Assert.True((await Gateways.AddAsync(GatewayBodies.Gateway("gw", null, GatewayBodies.Entry("fs", GatewayBodies.InputOverride("strict", "pii"))), editor, Ct)).IsSuccess);

        var deleted = await Gateways.DeleteAsync(key, 1, editor, Ct);
        var restored = await Gateways.RestoreAsync(key, 2, editor, Ct);

        Assert.Equal((false, 2, editor.Name), (deleted.Value!.IsActive, deleted.Value.Revision, deleted.Value.DeletedBy));
        Assert.Equal((true, 3, (string?)null, (DateTime?)null), (restored.Value!.IsActive, restored.Value.Revision, restored.Value.DeletedBy, restored.Value.DeletedAt));
        Assert.Equal("strict", restored.Value.ServersConfig.Servers.Single()["input_guardrails_config"]!["guardrail_name"]!.GetValue<string>());
        var events = await EventsAsync(editor, AuditEntities.Gateway);
        Assert.Equal(["gateway.add", "gateway.delete", "gateway.restore"], events.Select(e => e.Action));
        Assert.Equal("""[{"path":"is_active","before":true,"after":false}]""", events[1].Changes.ToJsonString());
        Assert.Equal("""[{"path":"is_active","before":false,"after":true}]""", events[2].Changes.ToJsonString());
        Assert.Equal([1, 2, 3], events.Select(e => e.Revision ?? 0));
    }

    [Fact]
    public async Task ServerRestore_AuditsTheFullBeforeAndAfter_AnActiveServerComesBackUnchangedWithoutAnEvent()
    {
        var editor = await _db.NewProjectActorAsync(Role.Editor);
        var key = new ServerKey("fs", "v1");
        Assert.True((await Servers.AddAsync(ServerBodies.Stdio("fs"), editor, Ct)).IsSuccess);

        var unchanged = await Servers.RestoreAsync(key, null, editor, Ct);
        Assert.True((await Servers.DeleteAsync(key, 1, editor, Ct)).IsSuccess);
        var restored = await Servers.RestoreAsync(key, 2, editor, Ct);

        Assert.Equal((true, 1), (unchanged.Value!.IsActive, unchanged.Value.Revision));
        Assert.Equal((true, 3, (string?)null), (restored.Value!.IsActive, restored.Value.Revision, restored.Value.DeletedBy));
        var events = await EventsAsync(editor, AuditEntities.Server);
        Assert.Equal(["server.add", "server.delete", "server.restore"], events.Select(e => e.Action));
        Assert.Equal("""[{"path":"is_active","before":false,"after":true}]""", events[2].Changes.ToJsonString());
    }

    [Fact]
    public async Task RestoreAndDelete_StaleRevisionIs412_DeletingTwiceIs409_ChangingADeletedOneIs409()
    {
        var editor = await _db.NewProjectActorAsync(Role.Editor);
        var server = new ServerKey("fs", "v1");
        var gateway = new GatewayKey("gw", "v1");
        Assert.True((await Servers.AddAsync(ServerBodies.Stdio("fs"), editor, Ct)).IsSuccess);
        Assert.True((await Gateways.AddAsync(GatewayBodies.Gateway("gw", null, GatewayBodies.Entry("fs")), editor, Ct)).IsSuccess);

        Assert.Equal(ErrorKind.PreconditionFailed, (await Servers.DeleteAsync(server, 7, editor, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.PreconditionFailed, (await Gateways.DeleteAsync(gateway, 7, editor, Ct)).Error?.Kind);
        Assert.True((await Servers.DeleteAsync(server, null, editor, Ct)).IsSuccess);
        Assert.True((await Gateways.DeleteAsync(gateway, null, editor, Ct)).IsSuccess);
        Assert.Equal(ErrorKind.Conflict, (await Servers.DeleteAsync(server, null, editor, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.Conflict, (await Gateways.DeleteAsync(gateway, null, editor, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.Conflict, (await Gateways.ModifyAsync(gateway, new JsonObject { ["description"] = "x" }, null, editor, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.PreconditionFailed, (await Servers.RestoreAsync(server, 1, editor, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.PreconditionFailed, (await Gateways.RestoreAsync(gateway, 1, editor, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.Forbidden, (await Gateways.RestoreAsync(gateway, null, CoreDatabase.As(editor, Role.Viewer), Ct)).Error?.Kind);
    }

    [Fact]
    public async Task MaskedReads_AnAdminGetsMasksWhereTheRuntimeReadRevealsTheSecret()
    {
        var editor = await _db.NewProjectActorAsync(Role.Editor);
        var admin = CoreDatabase.As(editor, Role.Admin);
        Assert.True((await Servers.AddAsync(ServerBodies.Stdio("fs"), editor, Ct)).IsSuccess);
        Assert.True((await _db.Services.GetRequiredService<IReviewService>().ReviewAsync(new ServerKey("fs", "v1"), new JsonObject { ["decision"] = "approve" }, null, CoreDatabase.As(editor, Role.Reviewer), Ct)).IsSuccess);
        Assert.True((await Gateways.AddAsync(GatewayBodies.Gateway("gw", null, GatewayBodies.Entry("fs")), editor, Ct)).IsSuccess);

        var revealed = await Gateways.GetConfigAsync(new GatewayKey("gw", "v1"), admin, Ct);
        var masked = await Gateways.GetMaskedConfigAsync(new GatewayKey("gw", "v1"), admin, Ct);
        var maskedByServer = await Gateways.ExpandForServerMaskedAsync(new ServerKey("fs", "v1"), admin, Ct);

        Assert.Equal("ghp_super_secret_value", Token(revealed.Value!.ExpandedServers.Single().McpConfig));
        Assert.Equal("********", Token(masked.Value!.ExpandedServers.Single().McpConfig));
        Assert.Equal("********", Token(maskedByServer.Value!.Values.Single().McpConfig));
        Assert.Equal("ghp_super_secret_value", Token((await Gateways.GetConfigAsync(new GatewayKey("gw", "v1"), admin, Ct)).Value!.ExpandedServers.Single().McpConfig));
    }

    [Fact]
    public async Task ServerDto_CarriesTheStoredTransport()
    {
        var editor = await _db.NewProjectActorAsync(Role.Editor);

        var stdio = await Servers.AddAsync(ServerBodies.Stdio("local"), editor, Ct);
        var remote = await Servers.AddAsync(ServerBodies.Remote("remote"), editor, Ct);
        var listed = await Servers.ListAsync(new ServerListQuery(), editor, Ct);

        Assert.Equal((Transports.Stdio, Transports.Remote), (stdio.Value!.Transport, remote.Value!.Transport));
        Assert.Equal([Transports.Stdio, Transports.Remote], listed.Value!.Items.Select(s => s.Transport));
        Assert.DoesNotContain("transport", System.Text.Json.JsonSerializer.Serialize(remote.Value, JsonDefaults.Options), StringComparison.Ordinal);
    }

    private static string Token(JsonObject mcpConfig) => mcpConfig["config"]!["env"]!["GITHUB_TOKEN"]!.GetValue<string>();

    private async Task<List<AuditEventDto>> EventsAsync(Actor actor, string entityType)
    {
        var page = await _db.Services.GetRequiredService<IAuditService>().ListAsync(new AuditQuery { EntityType = entityType }, CoreDatabase.As(actor, Role.Admin), Ct);
        return page.Value!.Items.Reverse().ToList();
    }
}
