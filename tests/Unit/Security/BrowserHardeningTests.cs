using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using RegistryConsole.Infrastructure;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Security;

/// <summary>Issue 8 finding 7: CSP, HSTS, Secure cookies outside Development, and redirects that never echo the Host header.</summary>
public sealed class BrowserHardeningTests : IDisposable
{
    private readonly ApiFactory _factory = new();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private HttpClient Browser() =>
        _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") });

    [Fact]
    public async Task SignIn_WithAForeignHostHeader_RedirectsToALocalPath()
    {
        using var client = Browser();
        using var request = await client.SignInRequestAsync("admin@test.local", "Test-Admin-Passw0rd!", "/servers");
        request.Headers.Host = "evil.example";

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/servers", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ConsolePage_CarriesTheContentSecurityPolicy_AndHstsOutsideDevelopment()
    {
        using var client = Browser();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Host = "registry.example"; // HSTS is never sent to localhost

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(BrowserHardening.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.StartsWith("default-src 'self'", BrowserHardening.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Contains("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInCookie_OutsideDevelopment_IsSecureAndHttpOnly()
    {
        using var client = Browser();
        using var response = await client.SignInAsync("admin@test.local", "Test-Admin-Passw0rd!");

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("RegistryConsole.Auth=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("http://evil.example/servers", "evil.example", "/servers")]
    [InlineData("https://localhost:5001/a?b=1#c", "localhost:5001", "/a?b=1#c")]
    [InlineData("https://other.example/x", "localhost", null)]
    [InlineData("/servers", "evil.example", null)]
    public void LocalRedirect_OnlyRewritesTheRequestsOwnHost(string location, string host, string? expected) =>
        Assert.Equal(expected, BrowserHardening.LocalRedirect(location, new Microsoft.AspNetCore.Http.HostString(host)));

    public void Dispose() => _factory.Dispose();

}
