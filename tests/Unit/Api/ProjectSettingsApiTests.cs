using System.Net;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Api;

/// <summary>GET/PATCH /admin/project-settings (API.md §6). Tests that change settings put them back before they end.</summary>
public sealed class ProjectSettingsApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task GetProjectSettings_Admin_ReturnsDefaultsInEnvelope()
    {
        using var admin = factory.ClientWithKey();

        var body = await (await admin.GetSettingsAsync()).AssertStatusAsync(HttpStatusCode.OK);

        Assert.False(string.IsNullOrWhiteSpace(body["message"]?.GetValue<string>()));
        Assert.True(body["data"]!["require_approval"]!.GetValue<bool>());
        Assert.True(body["data"]!["require_distinct_reviewer"]!.GetValue<bool>());
        Assert.Equal(4, body["data"]!.AsObject().Count);
        Assert.Equal("local.default", body["data"]!["registry_namespace"]!.GetValue<string>());
        Assert.False(body["data"]!["public_catalog"]!.GetValue<bool>());
    }

    [Fact]
    public async Task PatchProjectSettings_Admin_ChangesOnlyFieldsGivenAndPersists()
    {
        using var admin = factory.ClientWithKey();
        try
        {
            var patched = await (await admin.PatchSettingsAsync("""{"require_approval": false}""")).AssertStatusAsync(HttpStatusCode.OK);
            var read = await (await admin.GetSettingsAsync()).AssertStatusAsync(HttpStatusCode.OK);

            Assert.False(string.IsNullOrWhiteSpace(patched["message"]?.GetValue<string>()));
            Assert.False(patched["data"]!["require_approval"]!.GetValue<bool>());
            Assert.True(patched["data"]!["require_distinct_reviewer"]!.GetValue<bool>());
            Assert.False(read["data"]!["require_approval"]!.GetValue<bool>());
            Assert.True(read["data"]!["require_distinct_reviewer"]!.GetValue<bool>());
        }
        finally
        {
            await admin.PatchSettingsOkAsync("""{"require_approval": true, "require_distinct_reviewer": true}""");
        }
    }

    [Fact]
    public async Task PatchProjectSettings_EmptyObject_ChangesNothing()
    {
        using var admin = factory.ClientWithKey();

        var body = await (await admin.PatchSettingsAsync("{}")).AssertStatusAsync(HttpStatusCode.OK);

        Assert.True(body["data"]!["require_approval"]!.GetValue<bool>());
        Assert.True(body["data"]!["require_distinct_reviewer"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("editor")]
    [InlineData("reviewer")]
    [InlineData("runtime")]
    public async Task ProjectSettings_NonAdmin_Returns403(string role)
    {
        using var caller = factory.ClientWithKey(await factory.CreateKeyAsync(role, $"settings-{role}"));
        using var admin = factory.ClientWithKey();

        var get = await caller.GetSettingsAsync();
        var patch = await caller.PatchSettingsAsync("""{"require_approval": false}""");

        await get.AssertProblemAsync(HttpStatusCode.Forbidden);
        await patch.AssertProblemAsync(HttpStatusCode.Forbidden);
        var read = await (await admin.GetSettingsAsync()).AssertStatusAsync(HttpStatusCode.OK);
        Assert.True(read["data"]!["require_approval"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ProjectSettings_NoKey_Returns401()
    {
        using var anonymous = factory.ClientWithKey(null);

        await (await anonymous.GetSettingsAsync()).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PatchSettingsAsync("""{"require_approval": false}""")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("""{"require_approvals": false}""", "require_approvals")]
    [InlineData("""{"require_approval": false, "auto_approve": true}""", "auto_approve")]
    [InlineData("""{"require_approval": "no"}""", "require_approval")]
    [InlineData("""{"require_distinct_reviewer": 0}""", "require_distinct_reviewer")]
    public async Task PatchProjectSettings_UnknownOrMistypedField_Returns400NamingItAndChangesNothing(string json, string field)
    {
        using var admin = factory.ClientWithKey();

        var problem = await (await admin.PatchSettingsAsync(json)).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal([field], problem.ErrorPaths());
        var read = await (await admin.GetSettingsAsync()).AssertStatusAsync(HttpStatusCode.OK);
        Assert.True(read["data"]!["require_approval"]!.GetValue<bool>());
        Assert.True(read["data"]!["require_distinct_reviewer"]!.GetValue<bool>());
    }

    [Fact]
    public async Task PatchProjectSettings_NotJson_Returns415()
    {
        using var admin = factory.ClientWithKey();
        using var content = new StringContent("require_approval=false", System.Text.Encoding.UTF8, "text/plain");
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/admin/project-settings") { Content = content };

        var response = await admin.SendAsync(request, Xunit.TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }
}
