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
        return (await admin.CreateApiKeyOkAsync(role, name: name ?? $"{role}-{Guid.NewGuid():N}"))["key"].Str();
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
