using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RegistryConsole.Tests.Unit.Infrastructure;
using RegistryApi = RegistryConsole.Tests.Unit.Infrastructure.RegistryApi;

namespace RegistryConsole.Tests.Unit.Api.Users;

/// <summary>Finding 2 of issue 8: expiry, keys issued to a person, and the list markers. Before the fix expires_at and user_id were unknown fields (400).</summary>
public sealed class ApiKeyLifecycleApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _admin = factory.ClientWithKey();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private async Task<JsonObject> ListedAsync(string id)
    {
        using var response = await _admin.GetAsync(RegistryApi.ApiKeysPath, Ct);
        return (await response.AssertStatusAsync(HttpStatusCode.OK))["data"]!.AsArray().Single(k => k!["id"].Str() == id)!.AsObject();
    }

    [Fact]
    public async Task CreateApiKey_WithExpiryAndUser_ReturnsThemAndCreator()
    {
        var user = await _admin.CreateUserOkAsync("editor", "Erin Editor");
        var body = new JsonObject { ["name"] = RegistryApi.UniqueName("erin"), ["role"] = "editor", ["expires_at"] = "2099-01-01T00:00:00Z", ["user_id"] = user["id"].Str() };

        using var response = await _admin.PostAsync(RegistryApi.ApiKeysPath, HttpTestExtensions.Json(body), Ct);
        var data = (await response.AssertStatusAsync(HttpStatusCode.Created))["data"]!;
        var listed = await ListedAsync(data["id"].Str());

        Assert.Equal(user["id"].Str(), data["user_id"].Str());
        Assert.Equal("2099-01-01T00:00:00Z", data["expires_at"].Str());
        Assert.Equal("bootstrap-admin", data["created_by"].Str());
        Assert.Equal("Erin Editor", listed["issued_to"].Str());
        Assert.True(listed["never_used"]!.GetValue<bool>());
        Assert.False(listed["is_expired"]!.GetValue<bool>());
    }

    [Fact]
    public async Task CreateApiKey_ExpiryInThePast_Returns400AndCreatesNothing()
    {
        var name = RegistryApi.UniqueName("past");
        var body = new JsonObject { ["name"] = name, ["role"] = "viewer", ["expires_at"] = "2001-01-01T00:00:00Z" };

        using var response = await _admin.PostAsync(RegistryApi.ApiKeysPath, HttpTestExtensions.Json(body), Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["expires_at"], problem.ErrorPaths());
        using var list = await _admin.GetAsync(RegistryApi.ApiKeysPath, Ct);
        Assert.DoesNotContain(name, await list.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateApiKey_UnknownUser_Returns400OnUserId()
    {
        var body = new JsonObject { ["name"] = RegistryApi.UniqueName("nobody"), ["role"] = "viewer", ["user_id"] = "no-such-user" };

        using var response = await _admin.PostAsync(RegistryApi.ApiKeysPath, HttpTestExtensions.Json(body), Ct);

        Assert.Equal(["user_id"], (await response.AssertProblemAsync(HttpStatusCode.BadRequest)).ErrorPaths());
    }

    [Fact]
    public async Task ExpiredKey_IsRefusedWith401LikeARevokedOne_AndListedAsExpired()
    {
        var key = await _admin.CreateApiKeyOkAsync("viewer");
        using var client = factory.ClientWithKey(key["key"].Str());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(RegistryApi.ListServersPath, Ct)).StatusCode);
        // The key runs out: its expiry now lies in the past (written through SaveChanges, as the app writes).
        await factory.WithDatabaseAsync(async db =>
        {
            var stored = await db.ApiKeys.SingleAsync(k => k.Id == key["id"].Str(), Ct);
            db.Entry(stored).Property(k => k.ExpiresAt).CurrentValue = DateTime.UtcNow.AddSeconds(-1);
            await db.SaveChangesAsync(Ct);
        });

        using var response = await client.GetAsync(RegistryApi.ListServersPath, Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("unknown or revoked", problem["detail"].Str(), StringComparison.Ordinal);
        var listed = await ListedAsync(key["id"].Str());
        Assert.True(listed["is_expired"]!.GetValue<bool>());
        Assert.False(listed["never_used"]!.GetValue<bool>());
    }

    [Fact]
    public async Task KeyIssuedToUser_ActsAsThatPerson_InTheAuditLog()
    {
        var user = await _admin.CreateUserOkAsync("editor", "Pat Person");
        var key = await _admin.CreateApiKeyOkAsync("editor", user["id"].Str());
        using var asPat = factory.ClientWithKey(key["key"].Str());
        var name = RegistryApi.UniqueName("pat");

        await asPat.AddServerOkAsync(ServerBodies.Stdio(name));

        await factory.WithDatabaseAsync(async db =>
        {
            var added = await db.AuditEvents.SingleAsync(e => e.Action == "server.add" && e.EntityName == name + "@v1", Ct);
            Assert.Equal("Pat Person", added.Actor);
            Assert.Equal(user["id"].Str(), added.ActorId);
        });
        var stored = await _admin.GetServerOkAsync(name);
        Assert.Equal("Pat Person", stored["created_by"].Str());
    }

    [Fact]
    public async Task CreateApiKey_RoleBeyondTheUsersRole_Returns400OnRole()
    {
        var user = await _admin.CreateUserOkAsync("viewer", "Vic Viewer");
        var body = new JsonObject { ["name"] = RegistryApi.UniqueName("vic"), ["role"] = "editor", ["user_id"] = user["id"].Str() };

        using var response = await _admin.PostAsync(RegistryApi.ApiKeysPath, HttpTestExtensions.Json(body), Ct);

        Assert.Equal(["role"], (await response.AssertProblemAsync(HttpStatusCode.BadRequest)).ErrorPaths());
    }

    [Fact]
    public async Task KeyIssuedToUser_AfterTheUserIsDemoted_IsRefusedOnTheNextCall()
    {
        var user = await _admin.CreateUserOkAsync("editor", "Dee Demoted");
        var key = await _admin.CreateApiKeyOkAsync("editor", user["id"].Str());
        using var asDee = factory.ClientWithKey(key["key"].Str());
        Assert.Equal(HttpStatusCode.OK, (await asDee.GetAsync(RegistryApi.ListServersPath, Ct)).StatusCode);

        using var demote = await _admin.ModifyUserAsync(user["id"].Str(), new { role = "viewer" });
        Assert.Equal(HttpStatusCode.OK, demote.StatusCode);
        using var response = await asDee.GetAsync(RegistryApi.ListServersPath, Ct);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
