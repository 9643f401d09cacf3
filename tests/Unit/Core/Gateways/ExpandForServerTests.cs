using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Reviews;
using RegistryConsole.Core.Servers;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Core.Gateways;

public sealed class ExpandForServerTests : IAsyncLifetime
{
    private readonly CoreDatabase _db = new();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _db.InitializeAsync();

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task ExpandForServerAsync_TwoGateways_EachEntryHasItsOwnOverridesAndSecretsFollowTheRole()
    {
        var editor = await _db.NewProjectActorAsync(Role.Editor);
        var servers = _db.Services.GetRequiredService<IServerService>();
        var reviews = _db.Services.GetRequiredService<IReviewService>();
        var gateways = _db.Services.GetRequiredService<IGatewayService>();
        Assert.True((await servers.AddAsync(ServerBodies.Stdio("fs"), editor, Ct)).IsSuccess);
        Assert.True((await reviews.ReviewAsync(new ServerKey("fs", "v1"), new JsonObject { ["decision"] = "approve" }, null, CoreDatabase.As(editor, Role.Reviewer), Ct)).IsSuccess);
        var strict = await gateways.AddAsync(GatewayBodies.Gateway("strict", null, GatewayBodies.Entry("fs", GatewayBodies.InputOverride("strict", "pii", "toxicity"))), editor, Ct);
        var lax = await gateways.AddAsync(GatewayBodies.Gateway("lax", new JsonObject { ["enable_server_info_validation"] = false }, GatewayBodies.Entry("fs")), editor, Ct);
        Assert.True(strict.IsSuccess && lax.IsSuccess);

        var asViewer = await gateways.ExpandForServerAsync(new ServerKey("fs", "v1"), CoreDatabase.As(editor, Role.Viewer), Ct);
        var asAdmin = await gateways.ExpandForServerAsync(new ServerKey("fs", "v1"), CoreDatabase.As(editor, Role.Admin), Ct);

        Assert.True(asViewer.IsSuccess);
        Assert.Equal(2, asViewer.Value.Count);
        var strictEntry = asViewer.Value[strict.Value!.GatewayId];
        var laxEntry = asViewer.Value[lax.Value!.GatewayId];
        Assert.Equal("strict", strictEntry.McpConfig["input_guardrails_config"]!["guardrail_name"]!.GetValue<string>());
        Assert.Equal("base", laxEntry.McpConfig["input_guardrails_config"]!["guardrail_name"]!.GetValue<string>());
        Assert.False(laxEntry.McpConfig["enable_server_info_validation"]!.GetValue<bool>());
        Assert.Equal(1, strictEntry.ServedRevision);
        Assert.Equal("********", strictEntry.McpConfig["config"]!["env"]!["GITHUB_TOKEN"]!.GetValue<string>());
        Assert.Equal("ghp_super_secret_value", asAdmin.Value![strict.Value.GatewayId].McpConfig["config"]!["env"]!["GITHUB_TOKEN"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExpandForServerAsync_UnknownServer_IsNotFound()
    {
        var viewer = await _db.NewProjectActorAsync(Role.Viewer);

        var result = await _db.Services.GetRequiredService<IGatewayService>().ExpandForServerAsync(new ServerKey("nope", "v1"), viewer, Ct);

        Assert.Equal(ErrorKind.NotFound, result.Error?.Kind);
    }
}
