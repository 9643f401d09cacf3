using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace RegistryConsole.Tests.E2E.Infrastructure;

/// <summary>The real app on a free loopback port (Kestrel), in Development so package static assets resolve, on its own SQLite file.</summary>
public sealed class ConsoleAppFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@e2e.local";
    public const string AdminPassword = "E2e-Admin-Passw0rd!";
    public const string AdminKey = "rck_e2e_admin_key_0123456789abcdef";

    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"rc-e2e-{Guid.NewGuid():N}.db");

    public ConsoleAppFactory()
    {
        UseKestrel(0);
    }

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>The app's own SQLite file, for tests that seed faster than the API can.</summary>
    public string ConnectionString => $"Data Source={_databasePath};Pooling=False";

    /// <summary>
    /// A second root admin key (created by nobody) that mints the keys of <see cref="RegistryApi.CreateApiKeyAsync"/>: four
    /// eyes counts a key's creator as its author, so keys minted by the bootstrap key could never approve what the
    /// bootstrap key wrote (issue 8, item 5).
    /// </summary>
    public const string IssuerKey = "rck_e2e_issuer_key_0123456789abcdef";

    public void Start()
    {
        StartServer();
        using (var scope = Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RegistryConsole.Core.Persistence.RegistryDbContext>();
            db.ApiKeys.Add(new RegistryConsole.Core.Access.ApiKey
            {
                Id = Guid.CreateVersion7().ToString(),
                ProjectId = db.Projects.Select(p => p.Id).First(),
                Name = "e2e-key-issuer",
                Role = "admin",
                Prefix = IssuerKey[..8],
                Hash = RegistryConsole.Core.Access.ApiKeyService.Hash(IssuerKey),
                CreatedAt = DateTime.UtcNow,
                CreatedBy = "tests",
            });
            db.SaveChanges();
        }

        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseUrls("http://127.0.0.1:0");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Registry"] = ConnectionString,
            ["Bootstrap:AdminEmail"] = AdminEmail,
            ["Bootstrap:AdminPassword"] = AdminPassword,
            ["Bootstrap:ApiKey"] = AdminKey,
        }));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { _databasePath, _databasePath + "-wal", _databasePath + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}
