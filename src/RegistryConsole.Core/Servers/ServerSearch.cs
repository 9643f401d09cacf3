using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Core.Servers;

/// <summary>
/// The servers whose <see cref="RegistryServer.SearchText"/> contains a search term: the one place search is done, so each
/// database provider can answer it with its own index (SQLite: FTS5 trigram; PostgreSQL: pg_trgm).
/// </summary>
public interface IServerSearch
{
    /// <summary>
    /// The servers of <paramref name="db"/> containing <paramref name="foldedTerm"/> (already lower-cased by .NET, as
    /// <see cref="RegistryServer.SearchText"/> is), as a query the caller narrows, counts and pages further.
    /// </summary>
    IQueryable<RegistryServer> Matching(RegistryDbContext db, string foldedTerm);

    /// <summary>Creates whatever index the search needs when it is missing (at start-up, after migrations).</summary>
    Task EnsureIndexAsync(RegistryDbContext db, CancellationToken cancellationToken);
}

/// <summary>A substring scan of every row: correct everywhere, the fallback for short terms and other providers.</summary>
public sealed class ScanServerSearch : IServerSearch
{
    public IQueryable<RegistryServer> Matching(RegistryDbContext db, string foldedTerm) =>
        db.Servers.AsNoTracking().Where(s => s.SearchText.Contains(foldedTerm));

    public Task EnsureIndexAsync(RegistryDbContext db, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// SQLite: an FTS5 table with the trigram tokenizer over <c>registry_servers.SearchText</c> (external content, so the
/// text is not stored twice), kept in step by triggers, i.e. inside the very statement, and so the very SaveChanges,
/// that writes the server row. The index only narrows the candidates; the exact substring test still decides.
/// Terms shorter than three characters have no trigram and fall back to the scan.
/// </summary>
public sealed class SqliteTrigramServerSearch : IServerSearch
{
    public const string Table = "registry_servers_search";
    public const int MinimumTermLength = 3;

    private static readonly string[] Objects = [Table, $"{Table}_ai", $"{Table}_ad", $"{Table}_au"];

    /// <summary>Creates the index and its triggers, then fills it from the existing rows. Idempotent only through <see cref="EnsureIndexAsync"/>.</summary>
    public static readonly string CreateSql = $"""
        DROP TRIGGER IF EXISTS {Table}_ai;
        DROP TRIGGER IF EXISTS {Table}_ad;
        DROP TRIGGER IF EXISTS {Table}_au;
        DROP TABLE IF EXISTS {Table};
        CREATE VIRTUAL TABLE {Table} USING fts5(SearchText, content='registry_servers', content_rowid='rowid', tokenize='trigram');
        CREATE TRIGGER {Table}_ai AFTER INSERT ON registry_servers BEGIN
            INSERT INTO {Table}(rowid, SearchText) VALUES (new.rowid, new.SearchText);
        END;
        CREATE TRIGGER {Table}_ad AFTER DELETE ON registry_servers BEGIN
            INSERT INTO {Table}({Table}, rowid, SearchText) VALUES ('delete', old.rowid, old.SearchText);
        END;
        CREATE TRIGGER {Table}_au AFTER UPDATE OF SearchText ON registry_servers BEGIN
            INSERT INTO {Table}({Table}, rowid, SearchText) VALUES ('delete', old.rowid, old.SearchText);
            INSERT INTO {Table}(rowid, SearchText) VALUES (new.rowid, new.SearchText);
        END;
        INSERT INTO {Table}({Table}) VALUES ('rebuild');
        """;

    public IQueryable<RegistryServer> Matching(RegistryDbContext db, string foldedTerm)
    {
        if (foldedTerm.EnumerateRunes().Count() < MinimumTermLength)
        {
            return db.Servers.AsNoTracking().Where(s => s.SearchText.Contains(foldedTerm));
        }

        // One FTS5 phrase (quotes doubled): with the trigram tokenizer a phrase matches as a substring.
        var phrase = "\"" + foldedTerm.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        return db.Servers
            // CROSS JOIN fixes the loop order in SQLite: the index drives and each hit is one rowid lookup, instead of
            // walking every server of the registry and testing its rowid against the hits.
            .FromSql($"SELECT s.* FROM registry_servers_search CROSS JOIN registry_servers AS s ON s.rowid = registry_servers_search.rowid WHERE registry_servers_search MATCH {phrase}")
            .AsNoTracking()
            .Where(s => s.SearchText.Contains(foldedTerm));
    }

    public async Task EnsureIndexAsync(RegistryDbContext db, CancellationToken cancellationToken)
    {
        // EF rebuilds a SQLite table for some migrations, which drops its triggers: check on every start, recreate when any is gone.
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var check = connection.CreateCommand();
            check.CommandText = $"SELECT count(*) FROM sqlite_master WHERE name IN ('{string.Join("','", Objects)}')";
            var present = Convert.ToInt32(await check.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            if (present == Objects.Length)
            {
                return;
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var create = connection.CreateCommand();
            create.Transaction = transaction;
            create.CommandText = CreateSql;
            await create.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

/// <summary>
/// PostgreSQL: <c>LIKE '%term%'</c> on the lower-cased search text, served by the pg_trgm GIN index of
/// <see cref="Persistence.PostgresRegistryDbContext"/> (created by its migration, kept in step by PostgreSQL itself).
/// <c>Contains</c> would become <c>strpos()</c>, which no index serves. Terms shorter than three characters have no
/// trigram and scan.
/// </summary>
public sealed class PostgresTrigramServerSearch : IServerSearch
{
    private const string Escape = "\\";

    public IQueryable<RegistryServer> Matching(RegistryDbContext db, string foldedTerm)
    {
        var servers = db.Servers.AsNoTracking();
        if (foldedTerm.EnumerateRunes().Count() < SqliteTrigramServerSearch.MinimumTermLength)
        {
            return servers.Where(s => s.SearchText.Contains(foldedTerm));
        }

        var pattern = "%" + foldedTerm
            .Replace(Escape, Escape + Escape, StringComparison.Ordinal)
            .Replace("%", Escape + "%", StringComparison.Ordinal)
            .Replace("_", Escape + "_", StringComparison.Ordinal) + "%";
        return servers.Where(s => EF.Functions.Like(s.SearchText, pattern, Escape));
    }

    public Task EnsureIndexAsync(RegistryDbContext db, CancellationToken cancellationToken) => Task.CompletedTask;
}
