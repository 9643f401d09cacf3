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

/// <summary>Reads the stamp row on every call: one primary-key read (PostgreSQL, where instances share the database).</summary>
internal sealed class DatabaseChangeStampReader(IDbContextFactory<RegistryDbContext> dbFactory) : IChangeStampReader
{
    public async ValueTask<string> ReadAsync(string scope, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ChangeStamps.ReadAsync(db, scope, cancellationToken);
    }
}

/// <summary>
/// SQLite: one connection of its own asks <c>PRAGMA data_version</c>, which changes when any other connection (of this
/// process or another) commits; the stamp rows are read again only then. A read of an unchanged database costs one
/// pragma on an open connection, not a pooled context, a connection open and a query (docs/performance.md).
/// </summary>
internal sealed class SqliteChangeStampReader : IChangeStampReader, IDisposable
{
    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _dataVersion;
    private readonly SqliteCommand _stamps;
    private readonly Dictionary<string, string> _current = new(StringComparer.Ordinal);
    private long _seenVersion = -1;

    public SqliteChangeStampReader(string connectionString)
    {
        // Pooling off: this connection lives as long as the reader and is never handed to anyone else.
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        _dataVersion = _connection.CreateCommand();
        _dataVersion.CommandText = "PRAGMA data_version";
        _stamps = _connection.CreateCommand();
        _stamps.CommandText = "SELECT \"Scope\", \"Stamp\" FROM change_stamps";
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
        lock (_gate)
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
                    _current.Clear();
                    using var reader = _stamps.ExecuteReader();
                    while (reader.Read())
                    {
                        _current[reader.GetString(0)] = reader.GetString(1);
                    }

                    _seenVersion = version;
                }
            }
            catch (SqliteException)
            {
                // No stamp table yet (an unmigrated database) or the file is busy being replaced: no stamp, so nothing is cached.
                _seenVersion = -1;
                _current.Clear();
            }

            return ValueTask.FromResult(_current.GetValueOrDefault(scope, string.Empty));
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _dataVersion.Dispose();
            _stamps.Dispose();
            _connection.Dispose();
        }
    }
}
