using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>The administration endpoints: users, API keys and project settings.</summary>
public static partial class RegistryApi
{
    public const string UsersPath = "/admin/users";
    public const string ApiKeysPath = "/admin/api-keys";
    public const string ProjectSettingsPath = "/admin/project-settings";
    public const string InitialPassword = "Initial-Passw0rd!";

    public static Task<HttpResponseMessage> CreateUserAsync(this HttpClient admin, string email, string role, string? displayName = null, string password = InitialPassword) =>
        admin.PostAsJsonAsync(UsersPath, new { email, display_name = displayName ?? email.Split('@')[0], role, password }, Ct);

    /// <summary>Creates a user and fails the test unless it answers 201; returns <c>data</c>.</summary>
    public static async Task<JsonObject> CreateUserOkAsync(this HttpClient admin, string role, string? displayName = null)
    {
        var email = $"{UniqueName(role)}@test.local";
        using var response = await admin.CreateUserAsync(email, role, displayName);
        return (await response.AssertStatusAsync(HttpStatusCode.Created))["data"]!.AsObject();
    }

    public static Task<HttpResponseMessage> ModifyUserAsync(this HttpClient admin, string id, object patch) =>
        admin.PatchAsJsonAsync($"{UsersPath}?id={Uri.EscapeDataString(id)}", patch, Ct);

    /// <summary>Lists users and fails the test unless it answers 200; returns <c>data</c>.</summary>
    public static async Task<JsonArray> ListUsersOkAsync(this HttpClient admin)
    {
        using var response = await admin.GetAsync(UsersPath, Ct);
        return (await response.AssertStatusAsync(HttpStatusCode.OK))["data"]!.AsArray();
    }

    /// <summary>Creates an API key as given (optionally issued to a user); returns the response.</summary>
    public static Task<HttpResponseMessage> CreateApiKeyAsync(this HttpClient admin, string name, string role, string? userId = null)
    {
        var body = new JsonObject { ["name"] = name, ["role"] = role };
        if (userId is not null)
        {
            body["user_id"] = userId;
        }

        return admin.PostAsync(ApiKeysPath, HttpTestExtensions.Json(body), Ct);
    }

    /// <summary>Creates an API key (optionally issued to a user), fails the test unless it answers 201, and returns the whole <c>data</c> object, key included.</summary>
    public static async Task<JsonObject> CreateApiKeyOkAsync(this HttpClient admin, string role, string? userId = null, string? name = null)
    {
        using var response = await admin.CreateApiKeyAsync(name ?? UniqueName(role), role, userId);
        return (await response.AssertStatusAsync(HttpStatusCode.Created))["data"]!.AsObject();
    }

    public static Task<HttpResponseMessage> RevokeApiKeyAsync(this HttpClient client, string id) =>
        client.DeleteAsync($"{ApiKeysPath}?id={Uri.EscapeDataString(id)}", Ct);

    public static Task<HttpResponseMessage> GetSettingsAsync(this HttpClient client) =>
        client.GetAsync(ProjectSettingsPath, Ct);

    public static Task<HttpResponseMessage> PatchSettingsAsync(this HttpClient client, string json) =>
        client.SendDisposingAsync(new HttpRequestMessage(HttpMethod.Patch, ProjectSettingsPath).WithJson(json));

    /// <summary>Changes project settings (the client must hold an admin key) and fails the test unless it answers 200.</summary>
    public static async Task PatchSettingsOkAsync(this HttpClient client, string json)
    {
        using var response = await client.PatchSettingsAsync(json);
        await response.AssertStatusAsync(HttpStatusCode.OK);
    }

    /// <inheritdoc cref="PatchSettingsOkAsync(HttpClient, string)"/>
    public static Task PatchSettingsOkAsync(this HttpClient client, JsonObject patch) => client.PatchSettingsOkAsync(patch.ToJsonString());

    /// <summary>Turns <c>require_approval</c> off (the client must hold an admin key), so every write is served at once.</summary>
    public static Task DisableApprovalAsync(this HttpClient client) => client.PatchSettingsOkAsync("""{"require_approval": false}""");

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
