using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Core.Caching;

/// <summary>
/// The current <see cref="ChangeStamp"/> of a cache scope, as cheaply as the provider allows while still seeing every
/// committed change (from this instance or any other) on the very next read.
/// </summary>
public interface IChangeStampReader
{
    ValueTask<string> ReadAsync(string scope, CancellationToken cancellationToken);
}

/// <summary>
/// Reads the stamp rows from the database (PostgreSQL, where instances share the database): outside a request's
/// snapshot the scope's rows per call; inside one (<see cref="RequestStamps"/>) every row in one query, once per
/// request and again after the request saves.
/// </summary>
internal sealed class DatabaseChangeStampReader(IDbContextFactory<RegistryDbContext> dbFactory) : IChangeStampReader
{
    public async ValueTask<string> ReadAsync(string scope, CancellationToken cancellationToken)
    {
        if (RequestStamps.Known is { } known)
        {
            return known.GetValueOrDefault(scope, string.Empty);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!RequestStamps.IsActive)
        {
            return await ChangeStamps.ReadAsync(db, scope, cancellationToken);
        }

        var all = await ChangeStamps.ReadAllAsync(db, cancellationToken);
        RequestStamps.Remember(all);
        return all.GetValueOrDefault(scope, string.Empty);
    }
}

/// <summary>
/// SQLite: connections of its own ask <c>PRAGMA data_version</c>, which changes when any other connection (of this
/// process or another) commits; the stamp rows are read again only then. A read of an unchanged database costs one
/// pragma on an open connection, not a pooled context, a connection open and a query (docs/performance.md).
/// Each concurrent caller takes a probe (a connection with the version it last saw and the stamps it read then) from a
/// small pool, so callers never queue behind one lock; every probe sees every commit by itself.
/// </summary>
internal sealed class SqliteChangeStampReader : IChangeStampReader, IDisposable
{
    // Probes kept open; more concurrent callers than this use a probe once and close it.
    private const int MaxProbes = 32;

    private readonly string _connectionString;
    private readonly BoundedPool<Probe> _probes;

    public SqliteChangeStampReader(string connectionString)
    {
        // Pooling off: these connections live as long as the reader and are never handed to anyone else.
        _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        _probes = new BoundedPool<Probe>(() => new Probe(_connectionString), MaxProbes);
    }

    /// <summary>True when the connection string names a file every connection shares (not a private in-memory database).</summary>
    public static bool Supports(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        return builder.Mode != SqliteOpenMode.Memory && builder.DataSource is { Length: > 0 } source
            && source != ":memory:" && !source.StartsWith("file::memory:", StringComparison.OrdinalIgnoreCase);
    }

    public ValueTask<string> ReadAsync(string scope, CancellationToken cancellationToken)
    {
        if (_probes.TryRent() is not { } probe)
        {
            using var once = new Probe(_connectionString);
            return ValueTask.FromResult(once.Read(scope));
        }

        try
        {
            return ValueTask.FromResult(probe.Read(scope));
        }
        finally
        {
            _probes.Return(probe);
        }
    }

    public void Dispose() => _probes.Dispose();

    /// <summary>One connection, the data version it last saw and the stamps it read then; used by one caller at a time.</summary>
    private sealed class Probe : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _dataVersion;
        private readonly SqliteCommand _stamps;
        private Dictionary<string, string> _current = new(StringComparer.Ordinal);
        private long _seenVersion = -1;

        public Probe(string connectionString)
        {
            _connection = new SqliteConnection(connectionString);
            _dataVersion = _connection.CreateCommand();
            _dataVersion.CommandText = "PRAGMA data_version";
            _stamps = _connection.CreateCommand();
            _stamps.CommandText = $"SELECT \"Scope\", \"Stamp\" FROM \"{ChangeStamp.Table}\"";
        }

        public string Read(string scope)
        {
            try
            {
                if (_connection.State != System.Data.ConnectionState.Open)
                {
                    _connection.Open();
                }

                var version = (long)_dataVersion.ExecuteScalar()!;
                if (version != _seenVersion)
                {
                    // Read after the pragma: a commit that lands in between moves the version again, so the next call rereads.
                    var rows = new List<(string, string)>(ChangeStamp.Scopes.Count);
                    using (var reader = _stamps.ExecuteReader())
                    {
                        while (reader.Read())
                        {
                            rows.Add((reader.GetString(0), reader.GetString(1)));
                        }
                    }

                    _current = ChangeStamp.Combine(rows);

                    _seenVersion = version;
                }
            }
            catch (SqliteException)
            {
                // No stamp table yet (an unmigrated database) or the file is busy being replaced: no stamp, so nothing is cached.
                _seenVersion = -1;
                _current.Clear();
            }

            return _current.GetValueOrDefault(scope, string.Empty);
        }

        public void Dispose()
        {
            _dataVersion.Dispose();
            _stamps.Dispose();
            _connection.Dispose();
        }
    }
}
