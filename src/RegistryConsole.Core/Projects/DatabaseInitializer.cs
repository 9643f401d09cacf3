using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Core.Projects;

/// <summary>Applies migrations and, on an empty database, creates the default project and the bootstrap admin key.</summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<RegistryDbContext> dbFactory,
    IOptions<BootstrapOptions> options,
    TimeProvider clock,
    ILogger<DatabaseInitializer> logger,
    Servers.IServerSearch search)
{
    public const string BootstrapKeyName = "bootstrap-admin";

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // A file on this machine: owner-only before SQLite creates it. PostgreSQL keeps its own files.
            Persistence.DatabaseFile.CreateOwnerOnly(db.Database.GetConnectionString());

            // Write-ahead log: readers never wait for a writer and a commit is one append and one fsync, not a rollback
            // journal's several (docs/performance.md). It belongs to the file, so once is enough; a private in-memory
            // database answers "memory" and stays as it is.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL", cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);
        await search.EnsureIndexAsync(db, cancellationToken);

        var project = await db.Projects.FirstOrDefaultAsync(p => p.Name == Project.DefaultName, cancellationToken);
        if (project is null)
        {
            project = new Project { Id = Guid.CreateVersion7().ToString(), Name = Project.DefaultName, CreatedAt = clock.GetUtcNow().UtcDateTime };
            db.Projects.Add(project);
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Created the default project");
        }

        var apiKey = options.Value.ApiKey;
        if (!string.IsNullOrEmpty(apiKey) && !await db.ApiKeys.AnyAsync(cancellationToken))
        {
            if (apiKey.Length < BootstrapOptions.MinimumApiKeyLength)
            {
                throw new InvalidOperationException($"Bootstrap:ApiKey must be at least {BootstrapOptions.MinimumApiKeyLength} characters.");
            }

            db.ApiKeys.Add(new ApiKey
            {
                Id = Guid.CreateVersion7().ToString(),
                ProjectId = project.Id,
                Name = BootstrapKeyName,
                Role = RoleNames.Admin,
                Prefix = apiKey[..ApiKeyService.PrefixLength],
                Hash = ApiKeyService.Hash(apiKey),
                CreatedAt = clock.GetUtcNow().UtcDateTime,
                CreatedBy = "bootstrap",
            });
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Created the bootstrap admin API key from configuration");
        }
    }
}
