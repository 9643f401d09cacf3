using Microsoft.EntityFrameworkCore;

namespace RegistryConsole.Core.Persistence;

/// <summary>
/// Serialises start-up work (migrations, the default project, bootstrap key and users) across instances that start at the
/// same moment on one PostgreSQL database, as the replicas of a first deployment do: the first holds a session-level
/// advisory lock while it initialises; the others wait for it and then find everything in place. Nothing on SQLite
/// (one machine, one process).
/// </summary>
public sealed class StartupLock : IAsyncDisposable
{
    /// <summary>Any fixed number, the same in every instance ("Registry" in ASCII).</summary>
    private const long Key = 0x5265_6769_7374_7279;

    private readonly RegistryDbContext? _db;

    private StartupLock(RegistryDbContext? db) => _db = db;

    public static async Task<StartupLock> AcquireAsync(IDbContextFactory<RegistryDbContext> dbFactory, CancellationToken cancellationToken = default)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (db is not PostgresRegistryDbContext)
        {
            await db.DisposeAsync();
            return new StartupLock(null);
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({Key})", cancellationToken);
        return new StartupLock(db);
    }

    public async ValueTask DisposeAsync()
    {
        if (_db is null)
        {
            return;
        }

        await _db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({Key})");
        await _db.Database.CloseConnectionAsync();
        await _db.DisposeAsync();
    }
}
