using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Core.Persistence;

/// <summary>
/// "Nobody else decides on this row until I commit", on both providers. SQLite needs nothing more: EF begins its
/// transactions with BEGIN IMMEDIATE, which takes the database's one write lock at once. PostgreSQL locks rows, not the
/// database: <c>SELECT ... FOR UPDATE</c> makes a second transaction wait at this point until the first commits, and
/// the re-read then sees the committed state (READ COMMITTED reads the latest committed row in each statement).
/// </summary>
public static class RowLocks
{
    /// <summary>Locks <paramref name="server"/>'s row for the current transaction and reloads it. Call inside a transaction.</summary>
    public static async Task LockAndReloadAsync(RegistryDbContext db, RegistryServer server, CancellationToken cancellationToken)
    {
        if (db is not PostgresRegistryDbContext)
        {
            return;
        }

        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM registry_servers WHERE \"Id\" = {server.Id} FOR UPDATE", cancellationToken);
        await db.Entry(server).ReloadAsync(cancellationToken);
    }
}
