using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>The real app over HTTP on a database of its own (SQLite, or PostgreSQL in that run), with a bootstrap admin key.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "rck_test_admin_key_0123456789abcdef";

    private readonly TempDatabase _database;
    private readonly bool _ownsDatabase;

    public ApiFactory()
    {
        _database = new TempDatabase();
        _ownsDatabase = true;
    }

    /// <summary>Another app instance on <paramref name="shared"/> (which the caller disposes): several instances, one database.</summary>
    internal ApiFactory(TempDatabase shared)
    {
        _database = shared;
    }

    public string ConnectionString => _database.ConnectionString;

    public string DatabasePath => _database.Path;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = _database.Provider.ToString(),
            ["ConnectionStrings:Registry"] = _database.ConnectionString,
            ["Bootstrap:ApiKey"] = AdminKey,
            ["Bootstrap:AdminEmail"] = "admin@test.local",
            ["Bootstrap:AdminPassword"] = "Test-Admin-Passw0rd!",
            ["RateLimiting:PermitsPerMinute"] = "100000",
            ["RateLimiting:AnonymousPermitsPerMinute"] = "100000",

            // "Testing" is not Development: the app refuses an unprotected key ring unless told (KeyRingProtectionTests use a certificate).
            ["DataProtection:AllowUnprotectedKeys"] = "true",

            // One log line per request is noise in a test run and costs time on two cores.
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:RegistryConsole.Requests"] = "Warning",
        }));
    }

    /// <summary>A client that sends <paramref name="apiKey"/> (the admin key by default).</summary>
    public HttpClient ClientWithKey(string? apiKey = AdminKey)
    {
        var client = CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("apikey", apiKey);
        }

        return client;
    }

    /// <summary>
    /// A second root admin key (created by nobody, like the bootstrap key) that mints the keys of <see cref="CreateKeyAsync"/>.
    /// Four eyes counts a key's creator as its author (API.md §4), so keys minted by the bootstrap key could never approve
    /// what the bootstrap key wrote; tests that write with the bootstrap key and review with a minted key need this issuer.
    /// </summary>
    public const string IssuerKey = "rck_test_issuer_key_0123456789abcdef";

    private readonly SemaphoreSlim _issuerLock = new(1, 1);
    private bool _issuerSeeded;

    private async Task EnsureIssuerKeyAsync()
    {
        await _issuerLock.WaitAsync();
        try
        {
            if (_issuerSeeded)
            {
                return;
            }

            var dbFactory = Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>();
            await using var db = await dbFactory.CreateDbContextAsync();
            var hash = ApiKeyService.Hash(IssuerKey);
            if (await db.ApiKeys.AnyAsync(k => k.Hash == hash))
            {
                // Another instance on the same database seeded it.
                _issuerSeeded = true;
                return;
            }

            var projectId = await db.Projects.Select(p => p.Id).FirstAsync();
            db.ApiKeys.Add(new ApiKey
            {
                Id = Guid.CreateVersion7().ToString(),
                ProjectId = projectId,
                Name = "test-key-issuer",
                Role = "admin",
                Prefix = IssuerKey[..8],
                Hash = hash,
                CreatedAt = DateTime.UtcNow,
                CreatedBy = "tests",
            });
            try
            {
                await db.SaveChangesAsync();
            }
            catch (DbUpdateException)
            {
                // Another instance on the same database seeded it at the same moment (unique key hash): same key, fine.
            }

            _issuerSeeded = true;
        }
        finally
        {
            _issuerLock.Release();
        }
    }

    /// <summary>Creates a key with <paramref name="role"/> through the admin API (minted by <see cref="IssuerKey"/>) and returns the plain key.</summary>
    public async Task<string> CreateKeyAsync(string role, string? name = null)
    {
        await EnsureIssuerKeyAsync();
        using var admin = ClientWithKey(IssuerKey);
        var response = await admin.PostAsJsonAsync("/admin/api-keys", new { name = name ?? $"{role}-{Guid.NewGuid():N}", role });
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return body["data"]!["key"]!.GetValue<string>();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDatabase)
        {
            _database.Dispose();
            _issuerLock.Dispose();
        }
    }
}

/// <summary>The request and response plumbing <see cref="RegistryApi"/> is built on: JSON bodies and the resource headers.</summary>
public static class HttpTestExtensions
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Json(JsonNode node) => Json(node.ToJsonString());

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    public static HttpRequestMessage WithServer(this HttpRequestMessage request, string savedName, string? version = null)
    {
        request.Headers.Add(RegistryApi.ServerHeader, savedName);
        if (version is not null)
        {
            request.Headers.Add(RegistryApi.ServerVersionHeader, version);
        }

        return request;
    }

    public static HttpRequestMessage WithGateway(this HttpRequestMessage request, string gatewayName, string? version = null)
    {
        request.Headers.Add(RegistryApi.GatewayHeader, gatewayName);
        if (version is not null)
        {
            request.Headers.Add(RegistryApi.GatewayVersionHeader, version);
        }

        return request;
    }

    public static HttpRequestMessage WithIfMatch(this HttpRequestMessage request, string etag)
    {
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return request;
    }

    public static HttpRequestMessage WithJson(this HttpRequestMessage request, string json)
    {
        request.Content = Json(json);
        return request;
    }

    public static MediaTypeHeaderValue ProblemJson { get; } = new("application/problem+json");
}

/// <summary>Small server bodies for tests.</summary>
public static class Bodies
{
    public static JsonObject Stdio(string savedName, string? version = null) => new()
    {
        ["saved_name"] = savedName,
        ["server_version"] = version,
        ["server_name"] = "@modelcontextprotocol/server-filesystem",
        ["description"] = "Reads and writes files",
        ["mcp_config"] = new JsonObject
        {
            ["config"] = new JsonObject
            {
                ["command"] = "npx",
                ["args"] = new JsonArray("-y", "@modelcontextprotocol/server-filesystem@1.2.0", "/data"),
                ["env"] = new JsonObject { ["LOG_LEVEL"] = "info", ["GITHUB_TOKEN"] = "ghp_super_secret_value" },
            },
            ["tools"] = new JsonObject { ["read_file"] = "Reads a file" },
            ["denied_tools"] = new JsonArray("delete_*"),
            ["enable_server_info_validation"] = true,
            ["input_guardrails_config"] = new JsonObject { ["enabled"] = true, ["guardrail_name"] = "base", ["block"] = new JsonArray("pii") },
        },
    };

    public static JsonObject Remote(string savedName) => new()
    {
        ["saved_name"] = savedName,
        ["mcp_config"] = new JsonObject
        {
            ["config"] = new JsonObject
            {
                ["url"] = "https://mcp.example.com/mcp",
                ["type"] = "streamable_http",
                ["headers"] = new JsonObject { ["Authorization"] = "Bearer remote-secret-token" },
            },
            ["oauth_config"] = new JsonObject
            {
                ["enabled"] = true,
                ["OAUTH_GRANT_TYPE"] = "client_credentials",
                ["OAUTH_CLIENT_ID"] = "client-1",
                ["OAUTH_CLIENT_SECRET"] = "oauth-client-secret-value",
                ["OAUTH_TOKEN_URL"] = "https://auth.example.com/token",
                ["OAUTH_CUSTOM_VENDOR_FLAG"] = "kept",
            },
        },
    };
}
