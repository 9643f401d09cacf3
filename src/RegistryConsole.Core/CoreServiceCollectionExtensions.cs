using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Caching;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Projects;
using RegistryConsole.Core.Secrets;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Registers persistence on SQLite, Data Protection (keys in the database) and the Core services.</summary>
    /// <param name="connectionString">Resolved when the first context is built, so configuration added late (tests) is seen.</param>
    public static IServiceCollection AddRegistryCore(this IServiceCollection services, Func<IServiceProvider, string> connectionString) =>
        services.AddRegistryCore(sp => new DatabaseSettings(DatabaseProvider.Sqlite, connectionString(sp)));

    /// <summary>Registers persistence on the configured provider, Data Protection (keys in the database) and the Core services.</summary>
    /// <param name="database">Resolved when the first context is built, so configuration added late (tests) is seen.</param>
    public static IServiceCollection AddRegistryCore(this IServiceCollection services, Func<IServiceProvider, DatabaseSettings> database)
    {
        // ProviderDbContextFactory pools SQLite contexts: a request reuses a reset context instead of building one.
        services.AddSingleton<RegistryChanges>();
        services.AddSingleton<IRegistryChanges>(sp => sp.GetRequiredService<RegistryChanges>());
        services.AddDbContextFactory<RegistryDbContext, ProviderDbContextFactory>((sp, options) =>
        {
            database(sp).Apply(options);
            options.AddInterceptors(new RegistryChangesInterceptor(sp.GetRequiredService<IRegistryChanges>()));
        });
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContext());
        services.AddDataProtection()
            .SetApplicationName("RegistryConsole")
            .PersistKeysToDbContext<RegistryDbContext>();
        services.AddOptions<BootstrapOptions>();
        services.AddSingleton<TimeProvider>(MicrosecondTimeProvider.System);
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        services.AddSingleton<IServerSearch>(sp => database(sp).Provider == DatabaseProvider.Postgres
            ? new PostgresTrigramServerSearch()
            : new SqliteTrigramServerSearch());
        services.AddSingleton<IChangeStampReader>(sp => SharedSqliteFile(database(sp)) is { } file
            ? new SqliteChangeStampReader(file)
            : new DatabaseChangeStampReader(sp.GetRequiredService<IDbContextFactory<RegistryDbContext>>()));
        services.AddSingleton<IServerReader>(sp => SharedSqliteFile(database(sp)) is { } file
            ? new SqlitePreparedServerReader(sp.GetRequiredService<IDbContextFactory<RegistryDbContext>>(), file)
            : new EfServerReader(sp.GetRequiredService<IDbContextFactory<RegistryDbContext>>()));
        services.AddSingleton<ServerService>();
        services.AddSingleton<IServerService>(sp => sp.GetRequiredService<ServerService>());
        services.AddSingleton<Interop.IMcpRegistryService, Interop.McpRegistryService>();
        services.AddSingleton<IApiKeyService, ApiKeyService>();
        services.AddSingleton<UserSessionSignals>();
        services.AddSingleton<IUserService, UserService>();
        services.AddSingleton<Gateways.IGatewayService, Gateways.GatewayService>();
        services.AddSingleton<Reviews.IReviewService, Reviews.ReviewService>();
        services.AddSingleton<Audit.IAuditService, Audit.AuditService>();
        services.AddSingleton<DatabaseInitializer>();
        return services;
    }

    /// <summary>
    /// The connection string when the database is a SQLite file every connection shares, which the SQLite-only readers
    /// (stamp probes, prepared lookup) need; null otherwise (PostgreSQL, a private in-memory database).
    /// </summary>
    private static string? SharedSqliteFile(DatabaseSettings database) =>
        database.Provider == DatabaseProvider.Sqlite && SqliteChangeStampReader.Supports(database.ConnectionString) ? database.ConnectionString : null;
}
