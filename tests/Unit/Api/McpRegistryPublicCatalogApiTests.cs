using System.Net;
using System.Text.Json.Nodes;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Api;

/// <summary>Anonymous reads of the MCP Registry v0.1 while public_catalog is on, and of nothing else; its own database.</summary>
public sealed class McpRegistryPublicCatalogApiTests : IDisposable
{
    private readonly ApiFactory _factory = new();

    [Fact]
    public async Task PublicCatalog_On_AnonymousReadsV01OnlyAndSettingIsAudited()
    {
        using var admin = _factory.ClientWithKey();
        using var reviewer = _factory.ClientWithKey(await _factory.CreateKeyAsync("reviewer"));
        using var anonymous = _factory.CreateClient();
        await admin.AddServerOkAsync(ServerBodies.Stdio("public-fs"));
        await reviewer.ApproveAsync("public-fs");
        await admin.AddServerOkAsync(ServerBodies.Stdio("public-pending"));

        var (offStatus, _, offBody) = await anonymous.V01Async("/v0.1/servers");
        await admin.PatchSettingsOkAsync(new JsonObject { ["public_catalog"] = true, ["registry_namespace"] = "com.example" });
        var (onStatus, onRaw, onBody) = await anonymous.V01Async("/v0.1/servers");
        var (latestStatus, _, latest) = await anonymous.V01Async("/v0.1/servers/com.example%2Fpublic-fs/versions/latest");
        using var list = await anonymous.GetAsync("/mcp-registry/list-servers", Xunit.TestContext.Current.CancellationToken);
        using var settings = await anonymous.GetAsync("/admin/project-settings", Xunit.TestContext.Current.CancellationToken);
        using var export = await anonymous.GetAsync("/mcp-registry/export-server?format=vscode", Xunit.TestContext.Current.CancellationToken);
        using var import = await anonymous.PostAsync(RegistryApi.ImportPath, HttpTestExtensions.Json("""{"mcpServers":{"x":{"command":"npx"}}}"""), Xunit.TestContext.Current.CancellationToken);
        await admin.PatchSettingsOkAsync(new JsonObject { ["public_catalog"] = false });
        var (offAgainStatus, _, _) = await anonymous.V01Async("/v0.1/servers");
        var audit = (await AuditTable.ReadAllAsync(_factory.ConnectionString)).Where(r => r.Action == "settings.modify").ToList();

        Assert.Equal(HttpStatusCode.Unauthorized, offStatus);
        Assert.NotNull(offBody!["error"]);
        Assert.Equal(HttpStatusCode.OK, onStatus);
        Assert.Equal(["com.example/public-fs"], onBody!["servers"]!.AsArray().Select(s => s!["server"]!["name"]!.GetValue<string>()));
        RegistryApi.AssertNoSecret(onRaw);
        Assert.Equal(HttpStatusCode.OK, latestStatus);
        McpContract.AssertServerResponse(latest!);
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, settings.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, export.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, import.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, offAgainStatus);
        Assert.Equal(2, audit.Count);
        Assert.Contains("public_catalog", audit[0].Paths);
        Assert.Contains("registry_namespace", audit[0].Paths);
    }

    [Fact]
    public async Task ProjectSettings_RegistryFields_AdminOnlyAndNamespaceMustBeReverseDns()
    {
        using var admin = _factory.ClientWithKey();
        using var editor = _factory.ClientWithKey(await _factory.CreateKeyAsync("editor"));

        using var bad = await admin.PatchAsync("/admin/project-settings", HttpTestExtensions.Json("""{"registry_namespace": "not reverse dns"}"""), Xunit.TestContext.Current.CancellationToken);
        using var typo = await admin.PatchAsync("/admin/project-settings", HttpTestExtensions.Json("""{"public_catalogue": true}"""), Xunit.TestContext.Current.CancellationToken);
        using var forbidden = await editor.PatchAsync("/admin/project-settings", HttpTestExtensions.Json("""{"public_catalog": true}"""), Xunit.TestContext.Current.CancellationToken);
        var read = await (await admin.GetAsync("/admin/project-settings", Xunit.TestContext.Current.CancellationToken)).ReadJsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("registry_namespace", (await bad.ReadJsonAsync())["errors"]!.AsObject().Select(p => p.Key));
        Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.False(read["data"]!["public_catalog"]!.GetValue<bool>());
        Assert.Equal("local.default", read["data"]!["registry_namespace"]!.GetValue<string>());
    }

    [Fact]
    public async Task ProjectSettings_RegistryNamespaceNull_GoesBackToTheDefault()
    {
        using var admin = _factory.ClientWithKey();
        var ct = Xunit.TestContext.Current.CancellationToken;

        using var set = await admin.PatchAsync("/admin/project-settings", HttpTestExtensions.Json("""{"registry_namespace": "com.example"}"""), ct);
        var afterSet = (await set.ReadJsonAsync())["data"]!["registry_namespace"]!.GetValue<string>();
        using var other = await admin.PatchAsync("/admin/project-settings", HttpTestExtensions.Json("""{"public_catalog": false}"""), ct);
        var keptByOtherPatch = (await other.ReadJsonAsync())["data"]!["registry_namespace"]!.GetValue<string>();
        using var reset = await admin.PatchAsync("/admin/project-settings", HttpTestExtensions.Json("""{"registry_namespace": null}"""), ct);
        var afterReset = (await reset.ReadJsonAsync())["data"]!["registry_namespace"]!.GetValue<string>();

        Assert.Equal("com.example", afterSet);
        Assert.Equal("com.example", keptByOtherPatch);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal("local.default", afterReset);
    }

    public void Dispose() => _factory.Dispose();
}
