namespace RegistryConsole.Infrastructure;

public static class OpenApiSetup
{
    public static IServiceCollection AddRegistryOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi();
        return services;
    }
}
