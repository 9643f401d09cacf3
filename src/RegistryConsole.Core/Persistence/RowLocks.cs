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

        // The registry change stamp row this transaction's save will update, first, as every registry write's SaveChanges
        // updates a stamp row before its other rows: should a concurrent modify take the same stamp row, both take the two
        // locks in the same order (no deadlock between a review and a modify), and the save then updates the row already
        // held instead of taking a second one.
        var stampKey = db.RegistryStampKey();
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM change_stamps WHERE \"Scope\" = {stampKey} FOR UPDATE", cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM registry_servers WHERE \"Id\" = {server.Id} FOR UPDATE", cancellationToken);
        await db.Entry(server).ReloadAsync(cancellationToken);
    }

    /// <summary>
    /// Serialises project-wide checks such as "the last enabled admin" for the current transaction: SQLite's BEGIN
    /// IMMEDIATE already does; on PostgreSQL a transaction-scoped advisory lock on the project makes the second of two
    /// concurrent changes wait and then see the first.
    /// </summary>
    public static async Task LockProjectAsync(RegistryDbContext db, string projectId, CancellationToken cancellationToken)
    {
        if (db is not PostgresRegistryDbContext)
        {
            return;
        }

        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({projectId}))", cancellationToken);
    }
}
