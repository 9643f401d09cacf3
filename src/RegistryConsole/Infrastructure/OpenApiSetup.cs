using RegistryConsole.Infrastructure.OpenApi;
using Scalar.AspNetCore;

namespace RegistryConsole.Infrastructure;

/// <summary>The OpenAPI document (<c>/openapi/v1.json</c>) and the interactive API reference (<c>/api-reference</c>).</summary>
public static class OpenApiSetup
{
    public const string DocumentRoute = "/openapi/{documentName}.json";
    public const string ReferenceRoute = "/api-reference";

    public static IServiceCollection AddRegistryOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(options =>
        {
            options.AddSchemaTransformer<RegistrySchemaTransformer>();
            options.AddDocumentTransformer<RegistryDocumentTransformer>();
        });
        return services;
    }

    /// <summary>
    /// Maps the document and Scalar. Scalar.AspNetCore serves its own bundled script (<c>/api-reference/scalar.js</c>);
    /// the options below switch off what would still reach the internet (web fonts, telemetry, the AI agent, MCP links,
    /// the developer toolbar's hosted services), so the page works on a machine with no outside network.
    /// </summary>
    public static IEndpointRouteBuilder MapRegistryApiDocs(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentRoute);
        app.MapScalarApiReference(ReferenceRoute, options => options
            .WithTitle("RegistryConsole API")
            .WithOpenApiRoutePattern(DocumentRoute)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideDeveloperTools()
            .AddPreferredSecuritySchemes(OpenApi.ApiDocs.SecuritySchemeId)
            .WithDefaultHttpClient(ScalarTarget.Shell, ScalarClient.Curl));
        return app;
    }
}
