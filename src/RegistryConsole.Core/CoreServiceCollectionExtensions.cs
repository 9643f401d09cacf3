using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Projects;
using RegistryConsole.Core.Secrets;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Registers persistence, Data Protection (keys in the database) and the Core services.</summary>
    /// <param name="connectionString">Resolved when the first context is built, so configuration added late (tests) is seen.</param>
    public static IServiceCollection AddRegistryCore(this IServiceCollection services, Func<IServiceProvider, string> connectionString)
    {
        services.AddDbContextFactory<RegistryDbContext>((sp, options) => options.UseSqlite(connectionString(sp)));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContext());
        services.AddDataProtection()
            .SetApplicationName("RegistryConsole")
            .PersistKeysToDbContext<RegistryDbContext>();
        services.AddOptions<BootstrapOptions>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        services.AddSingleton<IServerService, ServerService>();
        services.AddSingleton<IApiKeyService, ApiKeyService>();
        services.AddSingleton<UserSessionSignals>();
        services.AddSingleton<IUserService, UserService>();
        services.AddSingleton<Gateways.IGatewayService, Gateways.GatewayService>();
        services.AddSingleton<Reviews.IReviewService, Reviews.ReviewService>();
        services.AddSingleton<Audit.IAuditService, Audit.AuditService>();
        services.AddSingleton<DatabaseInitializer>();
        return services;
    }
}
