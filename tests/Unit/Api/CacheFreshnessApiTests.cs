using System.Net;
using System.Text.Json.Nodes;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Api;

/// <summary>
/// The caches of issue 9 never serve a stale answer: each test first makes the cache hold the current answer (a read),
/// then changes something, and the very next read must show the change.
/// </summary>
public sealed class CacheFreshnessApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RevokeApiKey_KeyJustUsed_RefusedOnTheVeryNextCall()
    {
        using var admin = factory.ClientWithKey();
        var created = await (await admin.CreateApiKeyAsync("cache-revoke", "viewer")).AssertStatusAsync(HttpStatusCode.Created);
        using var viewer = factory.ClientWithKey(created["data"]!["key"]!.GetValue<string>());
        await (await viewer.GetAsync("/mcp-registry/list-servers", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        await (await viewer.GetAsync("/mcp-registry/list-servers", Ct)).AssertStatusAsync(HttpStatusCode.OK);

        await (await admin.RevokeApiKeyAsync(created["data"]!["id"]!.GetValue<string>())).AssertStatusAsync(HttpStatusCode.OK);
        using var next = await viewer.GetAsync("/mcp-registry/list-servers", Ct);

        var problem = await next.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetGatewayConfig_AfterServerChange_ShowsItsNewReviewState()
    {
        using var clients = await CachedConfigAsync("cf-change");

        await clients.Admin.ModifyServerOkAsync("cf-change", RegistryApi.CommandPatch("uvx", "mcp-server-new==1.0.0"));
        var served = (await clients.Admin.GetGatewayConfigOkAsync("cf-change-gw")).ExpandedServer("cf-change");

        Assert.Equal("pending", served["review_status"]!.GetValue<string>());
        Assert.Equal(1, served["served_revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task GetGatewayConfig_AfterApproval_ServesTheApprovedRevision()
    {
        using var clients = await CachedConfigAsync("cf-approve");
        await clients.Admin.ModifyServerOkAsync("cf-approve", RegistryApi.CommandPatch("uvx", "mcp-server-new==1.0.0"));
        await clients.Admin.GetGatewayConfigOkAsync("cf-approve-gw");

        await clients.Reviewer.ReviewServerOkAsync("cf-approve", "approve");
        var served = (await clients.Admin.GetGatewayConfigOkAsync("cf-approve-gw")).ExpandedServer("cf-approve");

        Assert.Equal(2, served["served_revision"]!.GetValue<int>());
        Assert.Equal("uvx", served["mcp_config"]!["config"]!["command"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetGatewayConfig_AfterRejection_ShowsRejectedAndKeepsServingTheApprovedRevision()
    {
        using var clients = await CachedConfigAsync("cf-reject");
        await clients.Admin.ModifyServerOkAsync("cf-reject", RegistryApi.CommandPatch("bash", "-c", "run.sh"));
        await clients.Admin.GetGatewayConfigOkAsync("cf-reject-gw");

        await clients.Reviewer.ReviewServerOkAsync("cf-reject", "reject", "no shell");
        var served = (await clients.Admin.GetGatewayConfigOkAsync("cf-reject-gw")).ExpandedServer("cf-reject");

        Assert.Equal("rejected", served["review_status"]!.GetValue<string>());
        Assert.Equal("npx", served["mcp_config"]!["config"]!["command"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetGatewayConfig_AfterOverrideChange_AppliesTheNewOverride()
    {
        using var clients = await CachedConfigAsync("cf-override");
        var patch = new JsonObject
        {
            ["servers_config"] = new JsonObject
            {
                ["servers"] = new JsonArray(new JsonObject { ["saved_name"] = "cf-override", ["output_guardrails_config"] = GatewayBodies.Guardrail("cf-out", "toxicity") }),
            },
        };

        await (await clients.Admin.ModifyGatewayAsync("cf-override-gw", patch)).AssertStatusAsync(HttpStatusCode.OK);
        var served = (await clients.Admin.GetGatewayConfigOkAsync("cf-override-gw")).ExpandedServer("cf-override");

        Assert.Equal("cf-out", served["mcp_config"]!["output_guardrails_config"]!["guardrail_name"]!.GetValue<string>());
        Assert.Equal("cf-out", served["gateway_overrides"]!["output_guardrails_config"]!["guardrail_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetGatewayConfig_AfterDetach_NoLongerListsTheServer()
    {
        using var clients = await CachedConfigAsync("cf-detach");
        var patch = new JsonObject
        {
            ["servers_config"] = new JsonObject { ["servers"] = new JsonArray(new JsonObject { ["saved_name"] = "cf-detach", ["remove"] = true }) },
        };

        await (await clients.Admin.ModifyGatewayAsync("cf-detach-gw", patch)).AssertStatusAsync(HttpStatusCode.OK);
        var config = await clients.Admin.GetGatewayConfigOkAsync("cf-detach-gw");

        Assert.Empty(config["expanded_servers"]!.AsArray());
    }

    [Fact]
    public async Task GetGatewayConfig_AfterDeletionAndRestore_ShowsEachOnTheNextRead()
    {
        using var clients = await CachedConfigAsync("cf-delete");

        await (await clients.Admin.DeleteServerAsync("cf-delete")).AssertStatusAsync(HttpStatusCode.OK);
        var deleted = (await clients.Admin.GetGatewayConfigOkAsync("cf-delete-gw")).ExpandedServer("cf-delete");
        await clients.Admin.ModifyServerOkAsync("cf-delete", new JsonObject { ["is_active"] = true });
        var restored = (await clients.Admin.GetGatewayConfigOkAsync("cf-delete-gw")).ExpandedServer("cf-delete");

        Assert.False(deleted["is_active"]!.GetValue<bool>());
        Assert.True(restored["is_active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task GetGatewayConfig_ViewerAfterAdmin_StaysMasked()
    {
        using var clients = await CachedConfigAsync("cf-mask");
        var key = await (await clients.Admin.CreateApiKeyAsync("cf-mask-viewer", "viewer")).AssertStatusAsync(HttpStatusCode.Created);
        using var viewer = factory.ClientWithKey(key["data"]!["key"]!.GetValue<string>());

        var revealed = (await clients.Admin.GetGatewayConfigOkAsync("cf-mask-gw")).ExpandedServer("cf-mask");
        var masked = (await viewer.GetGatewayConfigOkAsync("cf-mask-gw")).ExpandedServer("cf-mask");

        Assert.Equal("ghp_super_secret_value", revealed["mcp_config"]!["config"]!["env"]!["GITHUB_TOKEN"]!.GetValue<string>());
        Assert.NotEqual("ghp_super_secret_value", masked["mcp_config"]!["config"]!["env"]!["GITHUB_TOKEN"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListServers_TotalAfterAddAndDelete_CountsTheChange()
    {
        using var admin = factory.ClientWithKey();
        await admin.AddServerOkAsync(ServerBodies.Stdio("cf-total-a"));
        var before = await admin.ListServersOkAsync("?search=cf-total-&is_active=true");

        await admin.AddServerOkAsync(ServerBodies.Stdio("cf-total-b"));
        var added = await admin.ListServersOkAsync("?search=cf-total-&is_active=true");
        await (await admin.DeleteServerAsync("cf-total-a")).AssertStatusAsync(HttpStatusCode.OK);
        var deleted = await admin.ListServersOkAsync("?search=cf-total-&is_active=true");

        Assert.Equal(1, before["pagination"]!["total"]!.GetValue<int>());
        Assert.Equal(2, added["pagination"]!["total"]!.GetValue<int>());
        Assert.Equal(1, deleted["pagination"]!["total"]!.GetValue<int>());
    }

    /// <summary>An approved stdio server in gateway <c>{name}-gw</c>, whose config has just been read (so it is cached).</summary>
    private async Task<Clients> CachedConfigAsync(string name)
    {
        var admin = factory.ClientWithKey();
        var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", $"{name}-reviewer"));
        await admin.AddServerOkAsync(ServerBodies.Stdio(name));
        await (await admin.AddGatewayAsync(GatewayBodies.Referencing($"{name}-gw", name))).AssertStatusAsync(HttpStatusCode.Created);
        await reviewer.ReviewServerOkAsync(name, "approve");
        var served = (await admin.GetGatewayConfigOkAsync($"{name}-gw")).ExpandedServer(name);
        Assert.Equal(1, served["served_revision"]!.GetValue<int>());
        Assert.Equal("approved", served["review_status"]!.GetValue<string>());
        return new Clients(admin, reviewer);
    }

    private sealed record Clients(HttpClient Admin, HttpClient Reviewer) : IDisposable
    {
        public void Dispose()
        {
            Admin.Dispose();
            Reviewer.Dispose();
        }
    }
}
