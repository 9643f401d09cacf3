using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>The <c>/admin/users</c> and <c>/admin/api-keys</c> calls of the user and key tests, in one line each.</summary>
public static class AdminUsersApi
{
    public const string UsersPath = "/admin/users";
    public const string InitialPassword = "Initial-Passw0rd!";

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public static Task<HttpResponseMessage> CreateUserAsync(this HttpClient admin, string email, string role, string? displayName = null, string password = InitialPassword) =>
        admin.PostAsJsonAsync(UsersPath, new { email, display_name = displayName ?? email.Split('@')[0], role, password }, Ct);

    /// <summary>Creates a user and fails the test unless it answers 201; returns <c>data</c>.</summary>
    public static async Task<JsonObject> CreateUserOkAsync(this HttpClient admin, string role, string? displayName = null)
    {
        var email = $"{RegistryApi.UniqueName(role)}@test.local";
        using var response = await admin.CreateUserAsync(email, role, displayName);
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create-user answered {(int)response.StatusCode}: {json.ToJsonString()}");
        return json["data"]!.AsObject();
    }

    public static Task<HttpResponseMessage> ModifyUserAsync(this HttpClient admin, string id, object patch) =>
        admin.PatchAsJsonAsync($"{UsersPath}?id={Uri.EscapeDataString(id)}", patch, Ct);

    public static async Task<JsonArray> ListUsersOkAsync(this HttpClient admin)
    {
        using var response = await admin.GetAsync(UsersPath, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync())["data"]!.AsArray();
    }

    /// <summary>Creates an API key (optionally issued to a user) and returns the whole <c>data</c> object, key included.</summary>
    public static async Task<JsonObject> CreateKeyOkAsync(this HttpClient admin, string role, string? userId = null, string? name = null)
    {
        var body = new JsonObject { ["name"] = name ?? RegistryApi.UniqueName(role), ["role"] = role };
        if (userId is not null)
        {
            body["user_id"] = userId;
        }

        using var response = await admin.PostAsync(RegistryApi.ApiKeysPath, HttpTestExtensions.Json(body), Ct);
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create-api-key answered {(int)response.StatusCode}: {json.ToJsonString()}");
        return json["data"]!.AsObject();
    }

    /// <summary>The id of the bootstrap admin user (admin@test.local).</summary>
    public static async Task<string> BootstrapAdminIdAsync(this ApiFactory factory)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync(Ct);
        return await db.Users.Where(u => u.Email == "admin@test.local").Select(u => u.Id).SingleAsync(Ct);
    }

    /// <summary>Runs <paramref name="change"/> on the database directly (for states no endpoint makes, e.g. an expired key).</summary>
    public static async Task WithDatabaseAsync(this ApiFactory factory, Func<RegistryDbContext, Task> change)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync(Ct);
        await change(db);
    }
}
