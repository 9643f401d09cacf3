using Microsoft.Data.Sqlite;

namespace RegistryConsole.Core.Persistence;

/// <summary>
/// The SQLite file holds every secret (encrypted) and, unless protected, the keys that decrypt them: on Unix it is
/// created readable and writable by its owner only (0600), before SQLite creates it with the process umask. SQLite
/// gives its -wal and -shm files the permissions of the database file.
/// </summary>
public static class DatabaseFile
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void CreateOwnerOnly(string? connectionString)
    {
        if (OperatingSystem.IsWindows() || string.IsNullOrEmpty(connectionString))
        {
            return;
        }

        var builder = new SqliteConnectionStringBuilder(connectionString);
        var path = builder.DataSource;
        if (string.IsNullOrEmpty(path) || path == ":memory:" || builder.Mode == SqliteOpenMode.Memory || path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (!File.Exists(path))
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            using (File.Create(path))
            {
            }

            File.SetUnixFileMode(path, OwnerOnly);
        }
    }
}
