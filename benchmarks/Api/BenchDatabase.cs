using Npgsql;
using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Benchmarks.Api;

/// <summary>A fresh, empty database for one run: a temporary SQLite file, or a new database on a PostgreSQL server; removed afterwards unless --keep-db.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly Options _options;
    private readonly string? _sqlitePath;
    private readonly string? _postgresName;

    private BenchDatabase(Options options, DatabaseSettings settings, string? sqlitePath, string? postgresName)
    {
        _options = options;
        Settings = settings;
        _sqlitePath = sqlitePath;
        _postgresName = postgresName;
    }

    public DatabaseSettings Settings { get; }

    public string ConnectionString => Settings.ConnectionString;

    public static async Task<BenchDatabase> CreateAsync(Options options)
    {
        if (options.Provider != "postgres")
        {
            var path = Path.Combine(Path.GetTempPath(), $"rc-api-bench-{Guid.NewGuid():N}.db");
            return new BenchDatabase(options, new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={path}"), path, null);
        }

        var name = $"rc_api_bench_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(options.PostgresServer))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connection = new NpgsqlConnectionStringBuilder(options.PostgresServer) { Database = name }.ConnectionString;
        return new BenchDatabase(options, new DatabaseSettings(DatabaseProvider.Postgres, connection), null, name);
    }

    /// <summary>Remembers the viewer key beside a kept SQLite file, for later <c>--seeded</c> runs.</summary>
    public async Task SaveViewerKeyAsync(string viewerKey)
    {
        if (_sqlitePath is not null)
        {
            await File.WriteAllTextAsync(_sqlitePath + ".viewer-key", viewerKey);
        }
    }

    /// <summary>Replaces this run's file by a copy of a seeded one (with its write-ahead log, if any), and returns its viewer key.</summary>
    public async Task<string> CopySeededAsync(string seeded)
    {
        if (_sqlitePath is null)
        {
            throw new InvalidOperationException("--seeded works with SQLite only.");
        }

        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            if (File.Exists(_sqlitePath + suffix))
            {
                File.Delete(_sqlitePath + suffix);
            }
        }

        CopyDurably(seeded, _sqlitePath);
        if (File.Exists(seeded + "-wal"))
        {
            CopyDurably(seeded + "-wal", _sqlitePath + "-wal");
        }

        return (await File.ReadAllTextAsync(seeded + ".viewer-key")).Trim();
    }

    /// <summary>
    /// Copies and flushes to disk before the app starts: otherwise the kernel writes the copy's hundreds of megabytes back
    /// about 30 s later, in the middle of a measured scenario, and the writes' own fsyncs wait behind it.
    /// </summary>
    private static void CopyDurably(string from, string to)
    {
        File.Copy(from, to);
        using var copy = new FileStream(to, FileMode.Open, FileAccess.ReadWrite);
        copy.Flush(flushToDisk: true);
    }

    /// <summary>Bytes on disk: the SQLite file and its WAL, or <c>pg_database_size</c>.</summary>
    public async Task<long> SizeAsync()
    {
        if (_sqlitePath is not null)
        {
            return new[] { _sqlitePath, _sqlitePath + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var size = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
        return (long)(await size.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_options.KeepDb)
        {
            Console.WriteLine($"Database kept: {ConnectionString}");
            return;
        }

        if (_sqlitePath is not null)
        {
            foreach (var file in new[] { _sqlitePath, _sqlitePath + "-wal", _sqlitePath + "-shm" }.Where(File.Exists))
            {
                File.Delete(file);
            }

            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_options.PostgresServer);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
