namespace RegistryConsole.Infrastructure;

public static class DatabaseLocation
{
    /// <summary><c>ConnectionStrings:Registry</c>, else a SQLite file in the app's data folder (App_Data).</summary>
    public static string ConnectionString(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration.GetConnectionString("Registry");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var folder = Path.Combine(environment.ContentRootPath, "App_Data");
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "registry.db")}";
    }
}
