using Microsoft.AspNetCore.Routing.Patterns;

namespace RegistryConsole.Api;

/// <summary>
/// Unknown API paths answer 404 and known paths called with another method 405 (with <c>Allow</c>), both in the one
/// error shape. Routing alone cannot tell: the console's static-asset fallback route is a candidate for every path.
/// </summary>
public static class ApiFallback
{
    public static readonly IReadOnlyList<string> Prefixes = ["/mcp-registry", "/mcp-gateway", "/admin"];

    /// <summary>Paths whose errors are JSON problems; every other path belongs to the console (HTML).</summary>
    public static bool IsApiOrOperations(PathString path) =>
        Prefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
        || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments("/openapi");

    public static IEndpointRouteBuilder MapApiFallbacks(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in Prefixes)
        {
            app.MapFallback(prefix + "/{**rest}", Answer).ExcludeFromDescription();
        }

        return app;
    }

    private static ProblemResult Answer(HttpContext context, EndpointDataSource endpoints)
    {
        var path = context.Request.Path.Value?.TrimEnd('/') ?? string.Empty;
        var allowed = endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Order != int.MaxValue && PathOf(e.RoutePattern).Equals(path, StringComparison.OrdinalIgnoreCase))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (allowed.Count == 0)
        {
            return ApiResults.Problem(StatusCodes.Status404NotFound, "No such endpoint");
        }

        context.Response.Headers.Allow = string.Join(", ", allowed);
        return ApiResults.Problem(StatusCodes.Status405MethodNotAllowed, $"{context.Request.Method} is not allowed here; use {string.Join(" or ", allowed)}");
    }

    private static string PathOf(RoutePattern pattern) => "/" + (pattern.RawText ?? string.Empty).Trim('/');
}
