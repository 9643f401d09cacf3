using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using RegistryConsole.Api;
using RegistryConsole.Auth;

namespace RegistryConsole.Infrastructure;

/// <summary>
/// Request budgets. A known API key has its own bucket (<c>RateLimiting:PermitsPerMinute</c>). Anonymous traffic that
/// could guess credentials — the sign-in POST, and an API call with a missing or unknown key — shares ONE bucket per
/// client address (<c>RateLimiting:AnonymousPermitsPerMinute</c>), so random keys no longer get a bucket each. Over budget: 429 with Retry-After.
/// </summary>
public static class RateLimits
{
    public const int RetryAfterSeconds = 60;

    private const string KnownKeyItem = "rc:api-key-known";

    public static IServiceCollection AddRegistryRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRateLimiter(options =>
        {
            // Read when the options are built, not at registration: test hosts add their configuration later.
            var permits = configuration.GetValue("RateLimiting:PermitsPerMinute", 1200);
            var anonymousPermits = configuration.GetValue("RateLimiting:AnonymousPermitsPerMinute", 30);
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (context.Items[KnownKeyItem] is string keyPartition)
                {
                    return RateLimitPartition.GetFixedWindowLimiter("key:" + keyPartition, _ => Window(permits));
                }

                if (context.Request.Path.StartsWithSegments("/v0.1", StringComparison.OrdinalIgnoreCase))
                {
                    // The MCP Registry API (anonymous with public_catalog, or a Bearer key): one budget per address.
                    return RateLimitPartition.GetFixedWindowLimiter("v0.1:" + ClientAddress(context), _ => Window(permits));
                }

                return IsAnonymousGuess(context)
                    ? RateLimitPartition.GetFixedWindowLimiter("anon:" + ClientAddress(context), _ => Window(anonymousPermits))
                    : RateLimitPartition.GetNoLimiter("console");
            });
            options.OnRejected = async (context, _) =>
            {
                var http = context.HttpContext;
                http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var detail = http.Items.ContainsKey(KnownKeyItem)
                    ? $"Too many requests for this API key; retry after {RetryAfterSeconds} seconds"
                    : $"Too many anonymous or failed attempts from this address; retry after {RetryAfterSeconds} seconds";
                await ProblemResult.WriteAsync(http, StatusCodes.Status429TooManyRequests, detail);
            };
        });
        return services;
    }

    /// <summary>
    /// Checks the API key (if any) before the rate limiter, so the limiter knows a real key from a guess. The result is
    /// cached by the authentication handler for the rest of the request, so the key is looked up once.
    /// </summary>
    public static IApplicationBuilder UseApiKeyPreAuthentication(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Headers.ContainsKey(ApiHeaders.ApiKey) || context.Request.Headers.ContainsKey(ApiHeaders.ApiKeyAlias))
        {
            // The key's budget is its id's: no second hash of the key on every request, and no plain key kept as a partition.
            var result = await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
            if (result.Succeeded && result.Principal.FindFirstValue(ActorClaims.KeyId) is { } keyId)
            {
                context.Items[KnownKeyItem] = keyId;
            }
        }

        await next(context);
    });

    /// <summary>The address requests come from (the proxy's client address once forwarded headers are applied).</summary>
    public static string ClientAddress(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address
            ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
            : IPAddress.None.ToString();

    /// <summary>The sign-in POST, or a call to an API-key endpoint (or an unknown API path) without a known key.</summary>
    private static bool IsAnonymousGuess(HttpContext context)
    {
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals(ConsoleAuthentication.LoginPath, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var endpoint = context.GetEndpoint();
        var apiKeyEndpoint = endpoint?.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == ApiScope.Policy) == true;
        var presented = context.Request.Headers.ContainsKey(ApiHeaders.ApiKey) || context.Request.Headers.ContainsKey(ApiHeaders.ApiKeyAlias);
        return apiKeyEndpoint || (presented && ApiFallback.IsApiOrOperations(context.Request.Path));
    }

    private static FixedWindowRateLimiterOptions Window(int permits) =>
        new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };
}
