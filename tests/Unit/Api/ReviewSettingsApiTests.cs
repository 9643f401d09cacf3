using System.Net;
using System.Text.Json.Nodes;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Api;

/// <summary>
/// The review workflow under changed project settings (API.md §4, §6). Each test changes settings,
/// so each gets an app and a database of its own.
/// </summary>
public sealed class ReviewSettingsApiTests : IDisposable
{
    private readonly ApiFactory _factory = new();

    [Fact]
    public async Task ReviewServer_AuthorApprovesWhenDistinctReviewerNotRequired_Approves()
    {
        using var admin = _factory.ClientWithKey();
        await admin.AddServerOkAsync(ServerBodies.Stdio("own-ok"));
        await (await admin.ReviewServerAsync("own-ok", "approve")).AssertProblemAsync(HttpStatusCode.Forbidden);

        await admin.PatchSettingsOkAsync("""{"require_distinct_reviewer": false}""");
        var data = await admin.ReviewServerOkAsync("own-ok", "approve");

        Assert.Equal("approved", data["review_status"]!.GetValue<string>());
        Assert.Equal(1, data["approved_revision"]!.GetValue<int>());
        Assert.Equal("bootstrap-admin", data["reviewed_by"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReviewServer_DistinctReviewerRequiredAgain_AuthorIsRefused()
    {
        using var admin = _factory.ClientWithKey();
        await admin.PatchSettingsOkAsync("""{"require_distinct_reviewer": false}""");
        await admin.PatchSettingsOkAsync("""{"require_distinct_reviewer": true}""");
        await admin.AddServerOkAsync(ServerBodies.Stdio("own-again"));

        var response = await admin.ReviewServerAsync("own-again", "approve");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AddServer_ApprovalNotRequired_IsApprovedAtOnceAndServed()
    {
        using var admin = _factory.ClientWithKey();
        await admin.PatchSettingsOkAsync("""{"require_approval": false}""");

        var data = await admin.AddServerOkAsync(ServerBodies.Stdio("auto"));
        await (await admin.AddGatewayAsync(GatewayBodies.Referencing("auto-gw", "auto"))).AssertStatusAsync(HttpStatusCode.Created);

        Assert.Equal("approved", data["review_status"]!.GetValue<string>());
        Assert.Equal(1, data["approved_revision"]!.GetValue<int>());
        var served = (await admin.GetGatewayConfigOkAsync("auto-gw")).ExpandedServer("auto");
        Assert.True(served["is_active"]!.GetValue<bool>());
        Assert.Equal(1, served["served_revision"]!.GetValue<int>());
        Assert.Equal("npx", served["mcp_config"]!["config"]!["command"]!.GetValue<string>());
    }

    [Fact]
    public async Task ModifyServer_ApprovalNotRequired_EveryChangeIsApprovedAndServedAtOnce()
    {
        using var admin = _factory.ClientWithKey();
        await admin.PatchSettingsOkAsync("""{"require_approval": false}""");
        await admin.AddServerOkAsync(ServerBodies.Stdio("auto-mod"));
        await (await admin.AddGatewayAsync(GatewayBodies.Referencing("auto-mod-gw", "auto-mod"))).AssertStatusAsync(HttpStatusCode.Created);

        var command = await admin.ModifyServerOkAsync("auto-mod", RegistryApi.CommandPatch("uvx", "mcp-server-fetch==2.0.0"));
        var description = await admin.ModifyServerOkAsync("auto-mod", new JsonObject { ["description"] = "changed" });

        Assert.Equal("approved", command["review_status"]!.GetValue<string>());
        Assert.Equal(2, command["approved_revision"]!.GetValue<int>());
        Assert.Equal("approved", description["review_status"]!.GetValue<string>());
        Assert.Equal(3, description["approved_revision"]!.GetValue<int>());
        var served = (await admin.GetGatewayConfigOkAsync("auto-mod-gw")).ExpandedServer("auto-mod");
        Assert.Equal(3, served["served_revision"]!.GetValue<int>());
        Assert.Equal("uvx", served["mcp_config"]!["config"]!["command"]!.GetValue<string>());
        Assert.Equal("changed", served["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task BulkAddServers_ApprovalNotRequired_AllApproved()
    {
        using var admin = _factory.ClientWithKey();
        await admin.PatchSettingsOkAsync("""{"require_approval": false}""");

        var response = await admin.BulkAddServersAsync(ServerBodies.Stdio("auto-b1"), ServerBodies.Remote("auto-b2"));

        var body = await response.AssertStatusAsync(HttpStatusCode.Created);
        Assert.All(body["data"]!.AsArray(), s =>
        {
            Assert.Equal("approved", s!["review_status"]!.GetValue<string>());
            Assert.Equal(1, s["approved_revision"]!.GetValue<int>());
        });
    }

    [Fact]
    public async Task ModifyServer_RejectedServerWhileApprovalNotRequired_IsApproved()
    {
        using var admin = _factory.ClientWithKey();
        using var reviewer = _factory.ClientWithKey(await _factory.CreateKeyAsync("reviewer", "settings-reviewer"));
        await admin.AddServerOkAsync(ServerBodies.Stdio("was-rejected"));
        await reviewer.ReviewServerOkAsync("was-rejected", "reject", "pin it");
        await admin.PatchSettingsOkAsync("""{"require_approval": false}""");

        var data = await admin.ModifyServerOkAsync("was-rejected", RegistryApi.CommandPatch("npx", "-y", "pkg@1.0.0"));

        Assert.Equal("approved", data["review_status"]!.GetValue<string>());
        Assert.Equal(2, data["approved_revision"]!.GetValue<int>());
    }

    public void Dispose() => _factory.Dispose();
}
