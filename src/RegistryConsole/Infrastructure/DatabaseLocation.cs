using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Infrastructure;

public static class DatabaseLocation
{
    /// <summary>
    /// <c>Database:Provider</c> (<c>Sqlite</c> by default, or <c>Postgres</c>) and <c>ConnectionStrings:Registry</c>; without a
    /// connection string SQLite uses a file in the app's data folder (App_Data), and PostgreSQL refuses to start.
    /// </summary>
    public static DatabaseSettings Settings(IConfiguration configuration, IHostEnvironment environment)
    {
        var provider = DatabaseSettings.ParseProvider(configuration[DatabaseSettings.ProviderKey]);
        var configured = configuration.GetConnectionString("Registry");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new DatabaseSettings(provider, configured);
        }

        if (provider == DatabaseProvider.Postgres)
        {
            throw new InvalidOperationException("Database:Provider is Postgres: set ConnectionStrings:Registry (environment variable ConnectionStrings__Registry).");
        }

        var folder = Path.Combine(environment.ContentRootPath, "App_Data");
        Directory.CreateDirectory(folder);
        return new DatabaseSettings(provider, $"Data Source={Path.Combine(folder, "registry.db")}");
    }

    /// <summary><c>ConnectionStrings:Registry</c>, else a SQLite file in the app's data folder (App_Data).</summary>
    public static string ConnectionString(IConfiguration configuration, IHostEnvironment environment) =>
        Settings(configuration, environment).ConnectionString;
}
