using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>
/// A database of its own for one test, deleted afterwards: a SQLite file, or (when the run's provider is PostgreSQL,
/// see <see cref="TestProvider"/>) a PostgreSQL database copied from a template migrated once per test run.
/// </summary>
public sealed class TempDatabase : IDisposable
{
    private readonly string? _postgresName;

    /// <param name="empty">PostgreSQL only: an empty database rather than a copy of the migrated template (for migration tests).</param>
    public TempDatabase(bool empty = false)
        : this(TestProvider.Current, empty)
    {
    }

    public TempDatabase(DatabaseProvider provider, bool empty = false)
    {
        Provider = provider;
        if (provider == DatabaseProvider.Postgres)
        {
            _postgresName = $"rc_t_{Guid.NewGuid():N}";
            Path = string.Empty;
            ConnectionString = PostgresTestServer.CreateDatabase(_postgresName, empty);
        }
        else
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"rc-test-{Guid.NewGuid():N}.db");
            ConnectionString = $"Data Source={Path};Pooling=False";
        }
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The SQLite file (empty on PostgreSQL).</summary>
    public string Path { get; }

    public string ConnectionString { get; }

    public DatabaseSettings Settings => new(Provider, ConnectionString);

    /// <summary>A plain ADO.NET connection to this database, for tests that read what is really stored.</summary>
    public DbConnection OpenConnection() => TestProvider.Connect(ConnectionString);

    public void Dispose()
    {
        if (_postgresName is not null)
        {
            PostgresTestServer.DropDatabase(_postgresName, ConnectionString);
            return;
        }

        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
        {
            if (File.Exists(file))
            {
                File.Delete(file);
            }
        }
    }
}
