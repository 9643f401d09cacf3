using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RegistryConsole.Tests.Unit.Infrastructure;
using RegistryApi = RegistryConsole.Tests.Unit.Infrastructure.RegistryApi;

namespace RegistryConsole.Tests.Unit.Api.Users;

/// <summary>Finding 1 of issue 8: console users over <c>/admin/users</c> (API.md §6). Before the fix none of these endpoints existed (404).</summary>
public sealed class UsersApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _admin = factory.ClientWithKey();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateUser_ValidBody_Returns201WithUserShapeAndNoPasswordMaterial()
    {
        var email = $"{RegistryApi.UniqueName("alice")}@test.local";

        using var response = await _admin.CreateUserAsync(email, "reviewer", "Alice Reviewer");
        var text = await response.Content.ReadAsStringAsync(Ct);
        var data = (await response.ReadJsonAsync())["data"]!.AsObject();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["id", "email", "display_name", "role", "disabled", "locked_out", "must_change_password", "created_at", "last_sign_in_at"], data.Select(p => p.Key));
        Assert.Equal(email, data["email"].Str());
        Assert.Equal("Alice Reviewer", data["display_name"].Str());
        Assert.Equal("reviewer", data["role"].Str());
        Assert.True(data["must_change_password"]!.GetValue<bool>());
        Assert.False(data["disabled"]!.GetValue<bool>());
        Assert.Null(data["last_sign_in_at"]);
        Assert.DoesNotContain(RegistryApi.InitialPassword, text, StringComparison.Ordinal);
        Assert.DoesNotContain("hash", text, StringComparison.OrdinalIgnoreCase);
        var listed = (await _admin.ListUsersOkAsync()).Single(u => u!["id"].Str() == data["id"].Str())!;
        Assert.Equal("reviewer", listed["role"].Str());
        Assert.False(listed.AsObject().ContainsKey("password_hash"));
    }

    [Fact]
    public async Task CreateUser_EmailTaken_Returns409AndCreatesNoSecondUser()
    {
        var created = await _admin.CreateUserOkAsync("viewer");

        using var response = await _admin.CreateUserAsync(created["email"].Str(), "editor");

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Single(await _admin.ListUsersOkAsync(), u => u!["email"].Str() == created["email"].Str());
    }

    [Theory]
    [InlineData("runtime", "role")]
    [InlineData("boss", "role")]
    public async Task CreateUser_InvalidRole_Returns400NamingTheField(string role, string field)
    {
        using var response = await _admin.CreateUserAsync($"{RegistryApi.UniqueName("bad")}@test.local", role);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([field], problem.ErrorPaths());
    }

    [Fact]
    public async Task CreateUser_WeakPassword_Returns400OnPasswordAndStoresNothing()
    {
        var email = $"{RegistryApi.UniqueName("weak")}@test.local";

        using var response = await _admin.CreateUserAsync(email, "viewer", password: "short");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["password"], problem.ErrorPaths());
        Assert.DoesNotContain(await _admin.ListUsersOkAsync(), u => u!["email"].Str() == email);
    }

    [Fact]
    public async Task ModifyUser_RoleDisplayNameDisable_AreStoredAndAudited()
    {
        var user = await _admin.CreateUserOkAsync("viewer");

        using var response = await _admin.ModifyUserAsync(user["id"].Str(), new { role = "editor", display_name = "Eve Editor", disabled = true });
        var data = (await response.AssertStatusAsync(HttpStatusCode.OK))["data"]!;

        Assert.Equal("editor", data["role"].Str());
        Assert.Equal("Eve Editor", data["display_name"].Str());
        Assert.True(data["disabled"]!.GetValue<bool>());
        await factory.WithDatabaseAsync(async db =>
        {
            var events = await db.AuditEvents.Where(e => e.EntityId == user["id"].Str()).OrderBy(e => e.At).Select(e => e.Action).ToListAsync(Ct);
            Assert.Equal(["user.create", "user.modify"], events);
        });
    }

    [Fact]
    public async Task ModifyUser_PasswordReset_MustChangeAgainAndOldPasswordGone()
    {
        var user = await _admin.CreateUserOkAsync("viewer");
        await factory.WithDatabaseAsync(db => db.Users.Where(u => u.Id == user["id"].Str()).ExecuteUpdateAsync(s => s.SetProperty(u => u.MustChangePassword, false), Ct));
        string? hashBefore = null;
        await factory.WithDatabaseAsync(async db => hashBefore = await db.Users.Where(u => u.Id == user["id"].Str()).Select(u => u.PasswordHash).SingleAsync(Ct));

        using var response = await _admin.ModifyUserAsync(user["id"].Str(), new { password = "Reset-Passw0rd-123!" });
        var data = (await response.AssertStatusAsync(HttpStatusCode.OK))["data"]!;

        Assert.True(data["must_change_password"]!.GetValue<bool>());
        await factory.WithDatabaseAsync(async db =>
            Assert.NotEqual(hashBefore, await db.Users.Where(u => u.Id == user["id"].Str()).Select(u => u.PasswordHash).SingleAsync(Ct)));
    }

    [Fact]
    public async Task ModifyUser_Unlock_ClearsLockout()
    {
        var user = await _admin.CreateUserOkAsync("viewer");
        await factory.WithDatabaseAsync(db => db.Users.Where(u => u.Id == user["id"].Str())
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, DateTimeOffset.UtcNow.AddMinutes(10)).SetProperty(u => u.AccessFailedCount, 5), Ct));
        Assert.True((await _admin.ListUsersOkAsync()).Single(u => u!["id"].Str() == user["id"].Str())!["locked_out"]!.GetValue<bool>());

        using var response = await _admin.ModifyUserAsync(user["id"].Str(), new { unlock = true });

        var data = (await response.AssertStatusAsync(HttpStatusCode.OK))["data"]!;
        Assert.False(data["locked_out"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ModifyUser_UnknownField_Returns400AndChangesNothing()
    {
        var user = await _admin.CreateUserOkAsync("viewer");

        using var response = await _admin.ModifyUserAsync(user["id"].Str(), new { role = "admin", is_admin = true });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["is_admin"], problem.ErrorPaths());
        Assert.Equal("viewer", (await _admin.ListUsersOkAsync()).Single(u => u!["id"].Str() == user["id"].Str())!["role"].Str());
    }

    [Fact]
    public async Task ModifyUser_UnknownId_Returns404()
    {
        using var response = await _admin.ModifyUserAsync("no-such-user", new { disabled = true });

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ModifyUser_DisabledUsersKey_IsRefusedWith401()
    {
        var user = await _admin.CreateUserOkAsync("editor");
        var key = await _admin.CreateApiKeyOkAsync("editor", user["id"].Str());
        using var asUser = factory.ClientWithKey(key["key"].Str());
        Assert.Equal(HttpStatusCode.OK, (await asUser.GetAsync(RegistryApi.ListServersPath, Ct)).StatusCode);

        (await _admin.ModifyUserAsync(user["id"].Str(), new { disabled = true })).EnsureSuccessStatusCode();

        using var refused = await asUser.GetAsync(RegistryApi.ListServersPath, Ct);
        await refused.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}

/// <summary>The last enabled admin stays one (409). Its own factory: it changes the bootstrap admin user.</summary>
public sealed class LastAdminApiTests : IDisposable
{
    private readonly ApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("""{ "disabled": true }""")]
    [InlineData("""{ "role": "editor" }""")]
    public async Task ModifyUser_LastEnabledAdmin_Returns409AndStaysAdmin(string patch)
    {
        using var admin = _factory.ClientWithKey();
        var adminId = await _factory.BootstrapAdminIdAsync();

        using var response = await admin.PatchAsync($"{RegistryApi.UsersPath}?id={adminId}", HttpTestExtensions.Json(patch), Xunit.TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("last enabled admin", problem["detail"].Str(), StringComparison.Ordinal);
        var listed = (await admin.ListUsersOkAsync()).Single(u => u!["id"].Str() == adminId)!;
        Assert.Equal("admin", listed["role"].Str());
        Assert.False(listed["disabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ModifyUser_AdminWhenAnotherEnabledAdminExists_CanBeDemoted()
    {
        using var admin = _factory.ClientWithKey();
        var adminId = await _factory.BootstrapAdminIdAsync();
        var second = await admin.CreateUserOkAsync("admin");

        using var response = await admin.ModifyUserAsync(adminId, new { role = "viewer" });
        using var back = await admin.ModifyUserAsync(second["id"].Str(), new { disabled = true });

        Assert.Equal("viewer", (await response.AssertStatusAsync(HttpStatusCode.OK))["data"]!["role"].Str());
        await back.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ModifyUser_TwoAdminsDemotedAtOnce_OneSucceedsOneIs409AndAnAdminRemains()
    {
        using var admin = _factory.ClientWithKey();
        var adminId = await _factory.BootstrapAdminIdAsync();
        var second = await admin.CreateUserOkAsync("admin");

        // Both checks run at the same moment: each sees the other admin unless the project is locked for the check.
        var responses = await Task.WhenAll(
            admin.ModifyUserAsync(adminId, new { role = "viewer" }),
            admin.ModifyUserAsync(second["id"].Str(), new { role = "viewer" }));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        Assert.Single(await admin.ListUsersOkAsync(), u => u!["role"].Str() == "admin" && !u["disabled"]!.GetValue<bool>());
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
