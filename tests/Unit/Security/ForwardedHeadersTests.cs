using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Security;

/// <summary>
/// <c>X-Forwarded-*</c> headers are honoured only from the proxies the configuration names (an address or a network);
/// from anyone else, or with none configured, they change nothing. What they change is observable: a request that
/// reached the proxy over HTTPS is treated as HTTPS, so it gets the HSTS header a plain HTTP request never gets.
/// </summary>
public sealed class ForwardedHeadersTests : IDisposable
{
    private readonly ApiFactory _factory = new();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:0", "10.0.0.5", "10.0.0.5")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.1.0.0/16", "10.1.2.3")]
    public async Task ForwardedProto_FromAConfiguredProxy_MakesTheRequestHttps(string key, string value, string sender)
    {
        using var response = await SendThroughAsync(sender, new() { [key] = value });

        Assert.Contains("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:0", "10.0.0.5", "10.0.0.6")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.1.0.0/16", "10.2.0.1")]
    public async Task ForwardedProto_FromAnyoneElse_ChangesNothing(string key, string value, string sender)
    {
        using var response = await SendThroughAsync(sender, new() { [key] = value });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task ForwardedProto_WithNoProxyConfigured_ChangesNothing()
    {
        using var response = await SendThroughAsync("127.0.0.1", []);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    /// <summary>A plain HTTP request for the sign-in page, sent from <paramref name="sender"/> as a proxy forwarding HTTPS.</summary>
    private async Task<HttpResponseMessage> SendThroughAsync(string sender, Dictionary<string, string?> settings)
    {
        var app = _factory.WithWebHostBuilder(builder =>
        {
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(settings));
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new ConnectionFrom(IPAddress.Parse(sender))));
        });
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://registry.example") });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        return await client.SendAsync(request, Ct);
    }

    public void Dispose() => _factory.Dispose();

    /// <summary>Makes every request arrive from <paramref name="address"/>, ahead of the app's own middleware.</summary>
    private sealed class ConnectionFrom(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate following) =>
            {
                context.Connection.RemoteIpAddress = address;
                return following(context);
            });
            next(app);
        };
    }
}
