using Microsoft.Data.Sqlite;

namespace RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>A SQLite file of its own for one test, deleted afterwards.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"rc-test-{Guid.NewGuid():N}.db");
        ConnectionString = $"Data Source={Path};Pooling=False";
    }

    public string Path { get; }

    public string ConnectionString { get; }

    public void Dispose()
    {
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
