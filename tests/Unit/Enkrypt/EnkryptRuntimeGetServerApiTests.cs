using System.Net;
using System.Text.Json.Nodes;
using RegistryConsole.Core.Secrets;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Enkrypt;

/// <summary>
/// get-server for a <c>runtime</c> key serves what may run (API.md §3): the approved snapshot with secrets revealed, or
/// <c>is_active: false</c> and an empty <c>mcp_config</c>. Approval stays required in this class (the project default).
/// </summary>
public sealed class EnkryptRuntimeGetServerApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetServer_RuntimeKeyApprovedServerWithPendingChange_ServesApprovedSnapshotWithSecretsRevealed()
    {
        // Arrange
        using var admin = factory.ClientWithKey();
        using var runtime = factory.ClientWithKey(await factory.CreateKeyAsync("runtime"));
        var name = RegistryApi.UniqueName("rt-approved");
        await admin.AddServerOkAsync(ServerBodies.Stdio(name));
        await ApproveAsync(name);
        var patch = JsonNode.Parse("""{"description": "unreviewed", "mcp_config": {"config": {"command": "uvx", "args": ["other"], "env": {"GITHUB_TOKEN": "ghp_unreviewed"}}}}""")!;
        using (var modified = await admin.ModifyServerAsync(name, patch))
        {
            Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
        }

        // Act
        var served = await runtime.FetchRegistryServerOkAsync(name);
        var current = await admin.GetServerOkAsync(name);

        // Assert
        Assert.True(served["is_active"]!.GetValue<bool>());
        Assert.Equal("pending", served["review_status"]!.GetValue<string>());
        Assert.Equal(1, served["approved_revision"]!.GetValue<int>());
        Assert.Equal("Reads and writes files", served["description"]!.GetValue<string>());
        var (command, args, env) = EnkryptRuntimeView.StdioLaunch(served);
        Assert.Equal("npx", command);
        Assert.Equal(["-y", "@modelcontextprotocol/server-filesystem@1.2.0", "/data"], args);
        Assert.Equal("ghp_super_secret_value", env["GITHUB_TOKEN"]);
        Assert.Equal("uvx", current["mcp_config"]!["config"]!["command"]!.GetValue<string>());
        Assert.Equal(SecretRules.Mask, current["mcp_config"]!["config"]!["env"]!["GITHUB_TOKEN"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetServer_RuntimeKeyNeverApprovedServer_InactiveWithEmptyConfig()
    {
        // Arrange
        using var admin = factory.ClientWithKey();
        using var runtime = factory.ClientWithKey(await factory.CreateKeyAsync("runtime"));
        var name = RegistryApi.UniqueName("rt-pending");
        await admin.AddServerOkAsync(ServerBodies.Stdio(name));

        // Act
        var served = await runtime.FetchRegistryServerOkAsync(name);
        var asViewer = await admin.GetServerOkAsync(name);

        // Assert
        Assert.False(served["is_active"]!.GetValue<bool>());
        Assert.Equal("{}", served["mcp_config"]!.ToJsonString());
        Assert.Equal(name, served["saved_name"]!.GetValue<string>());
        Assert.True(asViewer["is_active"]!.GetValue<bool>());
        Assert.Equal("npx", asViewer["mcp_config"]!["config"]!["command"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetServer_RuntimeKeyApprovedThenDeletedServer_InactiveWithEmptyConfig()
    {
        // Arrange
        using var admin = factory.ClientWithKey();
        using var runtime = factory.ClientWithKey(await factory.CreateKeyAsync("runtime"));
        var name = RegistryApi.UniqueName("rt-deleted");
        await admin.AddServerOkAsync(ServerBodies.Stdio(name));
        await ApproveAsync(name);
        using (var deleted = await admin.DeleteServerAsync(name))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        // Act
        var served = await runtime.FetchRegistryServerOkAsync(name);

        // Assert
        Assert.False(served["is_active"]!.GetValue<bool>());
        Assert.Equal("{}", served["mcp_config"]!.ToJsonString());
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("admin")]
    [InlineData("editor")]
    public async Task GetServer_OtherRoles_KeepTodaysBehaviourCurrentRevisionMasked(string role)
    {
        // Arrange
        using var admin = factory.ClientWithKey();
        using var client = role == "admin" ? factory.ClientWithKey() : factory.ClientWithKey(await factory.CreateKeyAsync(role));
        var name = RegistryApi.UniqueName("rt-others");
        await admin.AddServerOkAsync(ServerBodies.Stdio(name));

        // Act
        var server = await client.FetchRegistryServerOkAsync(name);

        // Assert
        Assert.True(server["is_active"]!.GetValue<bool>());
        Assert.Equal("pending", server["review_status"]!.GetValue<string>());
        Assert.Equal("npx", server["mcp_config"]!["config"]!["command"]!.GetValue<string>());
        Assert.Equal(SecretRules.Mask, server["mcp_config"]!["config"]!["env"]!["GITHUB_TOKEN"]!.GetValue<string>());
    }

    private async Task ApproveAsync(string name)
    {
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp-registry/review-server").WithServer(name).WithJson("""{"decision": "approve"}""");
        using var response = await reviewer.SendAsync(request, Ct);
        await response.AssertStatusAsync(HttpStatusCode.OK);
    }
}
