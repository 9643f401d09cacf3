using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Api;

public sealed class AdminApiKeysApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _admin = factory.ClientWithKey();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private async Task<JsonNode> CreateAsync(string role, string? name = null)
    {
        using var response = await _admin.PostAsJsonAsync(RegistryApi.ApiKeysPath, new { name = name ?? RegistryApi.UniqueName(role), role }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync())["data"]!;
    }

    private async Task<JsonObject> ListedAsync(string id)
    {
        using var response = await _admin.GetAsync(RegistryApi.ApiKeysPath, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = await response.ReadJsonAsync();
        return list["data"]!.AsArray().Single(k => k!["id"].Str() == id)!.AsObject();
    }

    [Fact]
    public async Task CreateApiKey_ValidBody_Returns201WithKeyShownOnce()
    {
        var name = RegistryApi.UniqueName("create");

        using var response = await _admin.PostAsJsonAsync(RegistryApi.ApiKeysPath, new { name, role = "editor" }, Ct);
        var json = (await response.ReadJsonAsync()).AsObject();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["message", "data"], json.Select(p => p.Key));
        var data = json["data"]!.AsObject();
        Assert.Equal(["id", "name", "role", "prefix", "user_id", "created_by", "created_at", "expires_at", "key"], data.Select(p => p.Key));
        Assert.Equal(name, data["name"].Str());
        Assert.Equal("editor", data["role"].Str());
        Assert.Equal(8, data["prefix"].Str().Length);
        Assert.StartsWith(data["prefix"].Str(), data["key"].Str(), StringComparison.Ordinal);
        Assert.True(data["key"].Str().Length >= 40);
        Assert.EndsWith("Z", data["created_at"].Str(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateApiKey_NewKey_WorksForItsRole()
    {
        var created = await CreateAsync("viewer");
        var name = RegistryApi.UniqueName("seen");
        await _admin.AddServerOkAsync(ServerBodies.Stdio(name));
        using var client = factory.ClientWithKey(created["key"].Str());

        using var response = await client.ListServersAsync($"?search={name}");
        using var write = await client.AddServerAsync(ServerBodies.Stdio(RegistryApi.UniqueName("viewer-write")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([name], (await response.ReadJsonAsync()).AsObject().SavedNames());
        await write.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ListApiKeys_ShowsPrefixAndNeverTheKeyOrItsHash()
    {
        var created = await CreateAsync("viewer");
        var key = created["key"].Str();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

        using var response = await _admin.GetAsync(RegistryApi.ApiKeysPath, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var listed = await ListedAsync(created["id"].Str());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(created["prefix"].Str(), listed["prefix"].Str());
        Assert.Equal(8, listed["prefix"].Str().Length);
        Assert.False(listed.ContainsKey("key"));
        Assert.False(listed.ContainsKey("hash"));
        Assert.DoesNotContain(key, text, StringComparison.Ordinal);
        Assert.DoesNotContain(hash, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ApiFactory.AdminKey, text, StringComparison.Ordinal);
        Assert.True(listed["is_active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ListApiKeys_AfterUse_RecordsLastUsedAt()
    {
        var created = await CreateAsync("viewer");
        var before = await ListedAsync(created["id"].Str());
        using var client = factory.ClientWithKey(created["key"].Str());
        using (var used = await client.ListServersAsync())
        {
            Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        }

        var after = await ListedAsync(created["id"].Str());

        Assert.Null(before["last_used_at"]);
        var lastUsed = DateTime.Parse(after["last_used_at"].Str(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind);
        Assert.Equal(DateTimeKind.Utc, lastUsed.Kind);
        Assert.InRange(lastUsed, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));
    }

    [Theory]
    [InlineData("superuser")]
    [InlineData("Admin")]
    [InlineData("")]
    public async Task CreateApiKey_BadRole_Returns400AtRole(string role)
    {
        using var response = await _admin.PostAsJsonAsync(RegistryApi.ApiKeysPath, new { name = RegistryApi.UniqueName("badrole"), role }, Ct);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "role");
    }

    [Theory]
    [InlineData("""{"role": "viewer"}""", "name")]
    [InlineData("""{"name": "   ", "role": "viewer"}""", "name")]
    [InlineData("""{"name": "k", "role": "viewer", "scope": "all"}""", "scope")]
    [InlineData("""{"name": 5, "role": "viewer"}""", "name")]
    public async Task CreateApiKey_BadBody_Returns400NamingField(string json, string path)
    {
        using var response = await _admin.PostAsync(RegistryApi.ApiKeysPath, HttpTestExtensions.Json(json), Ct);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, path);
    }

    [Fact]
    public async Task CreateApiKey_TextPlain_Returns415()
    {
        using var content = new StringContent("""{"name": "k", "role": "viewer"}""", Encoding.UTF8, "text/plain");

        using var response = await _admin.PostAsync(RegistryApi.ApiKeysPath, content, Ct);

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task CreateApiKey_NameOfAnActiveKey_Returns409()
    {
        var name = RegistryApi.UniqueName("samename");
        await CreateAsync("viewer", name);

        using var response = await _admin.PostAsJsonAsync(RegistryApi.ApiKeysPath, new { name, role = "editor" }, Ct);

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task RevokeApiKey_ActiveKey_Returns200AndListsItRevoked()
    {
        var created = await CreateAsync("editor");

        using var response = await _admin.DeleteAsync($"{RegistryApi.ApiKeysPath}?id={created["id"].Str()}", Ct);
        var data = (await response.ReadJsonAsync())["data"]!;
        var listed = await ListedAsync(created["id"].Str());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(data["is_active"]!.GetValue<bool>());
        Assert.False(data.AsObject().ContainsKey("key"));
        Assert.False(listed["is_active"]!.GetValue<bool>());
        Assert.NotNull(listed["revoked_at"]);
    }

    [Fact]
    public async Task RevokeApiKey_Twice_Returns409()
    {
        var created = await CreateAsync("editor");
        using (var first = await _admin.DeleteAsync($"{RegistryApi.ApiKeysPath}?id={created["id"].Str()}", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var response = await _admin.DeleteAsync($"{RegistryApi.ApiKeysPath}?id={created["id"].Str()}", Ct);

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task RevokeApiKey_UnknownId_Returns404()
    {
        using var response = await _admin.DeleteAsync($"{RegistryApi.ApiKeysPath}?id={Guid.NewGuid()}", Ct);

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RevokeApiKey_NoId_Returns400AtId()
    {
        using var response = await _admin.DeleteAsync(RegistryApi.ApiKeysPath, Ct);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "id");
    }

    [Fact]
    public async Task CreateApiKey_AfterRevokingKeyOfSameName_Returns201()
    {
        var name = RegistryApi.UniqueName("reuse");
        var created = await CreateAsync("viewer", name);
        using (var revoked = await _admin.DeleteAsync($"{RegistryApi.ApiKeysPath}?id={created["id"].Str()}", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        }

        using var response = await _admin.PostAsJsonAsync(RegistryApi.ApiKeysPath, new { name, role = "viewer" }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var data = (await response.ReadJsonAsync())["data"]!;
        Assert.Equal(name, data["name"].Str());
        Assert.NotEqual(created["id"].Str(), data["id"].Str());
        using var withNewKey = factory.ClientWithKey(data["key"].Str());
        using var withRevokedKey = factory.ClientWithKey(created["key"].Str());
        Assert.Equal(HttpStatusCode.OK, (await withNewKey.ListServersAsync()).StatusCode);
        await (await withRevokedKey.ListServersAsync()).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
