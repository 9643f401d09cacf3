using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Core.Caching;

/// <summary>
/// An in-memory cache whose entries are valid only under the <see cref="ChangeStamp"/> they were built under.
/// Readers pass the stamp they just read from the database (read it BEFORE loading what they cache, so a change
/// committed meanwhile can only make an entry look older than it is, never newer).
/// </summary>
public sealed class StampedCache<TKey, TValue>(int capacity)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, (string Stamp, TValue Value)> _entries = new();

    public bool TryGet(TKey key, string stamp, out TValue value)
    {
        if (stamp.Length > 0 && _entries.TryGetValue(key, out var entry) && entry.Stamp == stamp)
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    public void Set(TKey key, string stamp, TValue value)
    {
        if (stamp.Length == 0)
        {
            // No stamp row (an unmigrated database): nothing could ever invalidate the entry.
            return;
        }

        if (_entries.Count >= capacity)
        {
            // Bounded without bookkeeping: entries are cheap to rebuild, so start over.
            _entries.Clear();
        }

        _entries[key] = (stamp, value);
    }

    public void Clear() => _entries.Clear();
}

/// <summary>
/// The current stamps, read by a query compiled once per model and joined per scope by <see cref="ChangeStamp.Combine"/>
/// (one row a scope, and on PostgreSQL the registry scope's <see cref="ChangeStamp.PostgresRegistryStripes"/> rows).
/// </summary>
public static class ChangeStamps
{
    private static readonly CompiledPerModel<Func<RegistryDbContext, IAsyncEnumerable<ChangeStamp>>> AllQuery = new(() =>
        EF.CompileAsyncQuery((RegistryDbContext db) => db.ChangeStamps.AsNoTracking()));

    /// <summary>One scope's stamp: the whole table (two rows, 33 on PostgreSQL) is as cheap to read as the scope's rows.</summary>
    public static async Task<string> ReadAsync(RegistryDbContext db, string scope, CancellationToken cancellationToken) =>
        (await ReadAllAsync(db, cancellationToken)).GetValueOrDefault(scope, string.Empty);

    /// <summary>Every scope's stamp in one query (the table has a row per scope, and on PostgreSQL the registry's stripes).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ReadAllAsync(RegistryDbContext db, CancellationToken cancellationToken)
    {
        var rows = new List<(string, string)>(ChangeStamp.Scopes.Count);
        await foreach (var row in AllQuery.For(db)(db).WithCancellation(cancellationToken))
        {
            rows.Add((row.Scope, row.Stamp));
        }

        return ChangeStamp.Combine(rows);
    }
}
