using System.Net;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using RegistryConsole.Api;

namespace RegistryConsole.Infrastructure;

/// <summary>
/// Browser and transport hardening (issue 8, finding 7): a Content-Security-Policy on console pages, HSTS and
/// <c>Secure</c> sign-in cookies outside Development, forwarded headers only from configured proxies
/// (<c>ForwardedHeaders:KnownProxies</c>, <c>ForwardedHeaders:KnownNetworks</c>), and redirects that never echo the
/// request's <c>Host</c> header (a <c>Location</c> on this host is sent as a local path).
/// </summary>
public static class BrowserHardening
{
    /// <summary>
    /// What the console needs and nothing more: its own scripts (Blazor, MudBlazor, BlazorMonaco's loader) and the
    /// Blazor Server WebSocket ('self'); Monaco's web workers (blob:) and the inline styles MudBlazor and Monaco set;
    /// fonts and images from the site or data: URIs. No frames, plugins, foreign forms or base URIs.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; worker-src 'self' blob:; child-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static IServiceCollection AddBrowserHardening(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in configuration.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [])
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
        });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).PostConfigure<IHostEnvironment>((options, environment) =>
        {
            if (!environment.IsDevelopment())
            {
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            }
        });
        return services;
    }

    /// <summary>First in the pipeline: forwarded headers (when proxies are configured), HSTS, CSP and local redirects.</summary>
    public static WebApplication UseBrowserHardening(this WebApplication app)
    {
        var proxies = app.Configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [];
        var networks = app.Configuration.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [];
        if (proxies.Length > 0 || networks.Length > 0)
        {
            app.UseForwardedHeaders();
        }

        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                if (IsConsolePage(context.Request.Path))
                {
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                }

                if (LocalRedirect(headers.Location.FirstOrDefault(), context.Request.Host) is { } local)
                {
                    headers.Location = local;
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    /// <summary>A redirect to this very host, as the host was written by the caller, becomes a local path.</summary>
    public static string? LocalRedirect(string? location, HostString requestHost) =>
        location is not null && Uri.TryCreate(location, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && string.Equals(uri.Authority, requestHost.Value, StringComparison.OrdinalIgnoreCase)
            ? uri.PathAndQuery + uri.Fragment
            : null;

    private static bool IsConsolePage(PathString path) =>
        !ApiFallback.IsApiOrOperations(path)
        && !path.StartsWithSegments("/api-reference")
        && !path.StartsWithSegments("/openapi")
        && !path.StartsWithSegments("/_framework")
        && !path.StartsWithSegments("/_content");
}
