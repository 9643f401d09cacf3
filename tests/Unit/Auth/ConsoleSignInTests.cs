using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RegistryConsole.Auth;
using RegistryConsole.Components.Account.Pages;
using RegistryConsole.Core.Access;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Auth;

public sealed partial class ConsoleSignInTests : IDisposable
{
    private const string AdminEmail = "admin@test.local";
    private const string AdminPassword = "Test-Admin-Passw0rd!";
    private const string FailureText = "Sign-in failed.";

    private readonly ApiFactory _factory = new();

    [Fact]
    public async Task ConsolePage_Anonymous_RedirectsToLogin()
    {
        using var client = NoRedirectClient();

        var response = await client.GetAsync("/servers", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login?returnUrl=%2Fservers", new Uri(new Uri("https://localhost"), response.Headers.Location!).PathAndQuery);
    }

    [Theory]
    [InlineData("/healthz", HttpStatusCode.OK)]
    [InlineData("/readyz", HttpStatusCode.OK)]
    [InlineData("/openapi/v1.json", HttpStatusCode.OK)]
    [InlineData("/mcp-registry/list-servers", HttpStatusCode.Unauthorized)]
    [InlineData("/admin/api-keys", HttpStatusCode.Unauthorized)]
    public async Task NonConsoleEndpoints_Anonymous_KeepTheirOwnRules(string path, HttpStatusCode expected)
    {
        using var client = NoRedirectClient();

        var response = await client.GetAsync(path, Ct);

        Assert.Equal(expected, response.StatusCode);
        Assert.Null(response.Headers.Location);
        if (expected == HttpStatusCode.Unauthorized)
        {
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task ApiReference_Anonymous_NotSentToLogin()
    {
        using var client = NoRedirectClient();

        var response = await client.GetAsync("/api-reference/", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>RegistryConsole API</title>", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_BootstrapAdmin_RedirectsToReturnUrlAndOpensConsole()
    {
        using var client = NoRedirectClient();

        var response = await client.SignInAsync(AdminEmail, AdminPassword, "/servers?page=2");
        var console = await client.GetAsync("/servers", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        // Issue 8 finding 7: redirects are local paths, never built from the request's Host header.
        Assert.Equal("/servers?page=2", response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, console.StatusCode);
    }

    [Fact]
    public async Task SignIn_ForeignReturnUrl_RedirectsHome()
    {
        using var client = NoRedirectClient();

        var response = await client.SignInAsync(AdminEmail, AdminPassword, "https://evil.example/");

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignIn_UnknownEmailOrWrongPassword_LookTheSame()
    {
        using var client = NoRedirectClient();

        var unknown = await client.SignInAsync("nobody@test.local", AdminPassword);
        var wrong = await client.SignInAsync(AdminEmail, "Wrong-Passw0rd!!");

        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Equal(ErrorBlock(await unknown.Content.ReadAsStringAsync(Ct)), ErrorBlock(await wrong.Content.ReadAsStringAsync(Ct)));
        Assert.Contains(FailureText, await wrong.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_TwoFailuresFromOneAddress_LeaveOneAuditEvent()
    {
        using var client = NoRedirectClient();

        await client.SignInAsync(AdminEmail, "wrong-password-1");
        await client.SignInAsync("nobody@test.local", "whatever-password");

        await using var connection = TestProvider.Connect(_factory.ConnectionString);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"EntityName\", \"Note\", \"Channel\" FROM audit_events WHERE \"Action\" = 'user.sign_in_failed' ORDER BY \"At\"";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<(string Name, string Note, string Channel)>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        // Issue 8 finding 6 changes this: failures are audited at most once per client address per minute, with a count.
        var row = Assert.Single(rows);
        Assert.Equal((AdminEmail, "console"), (row.Name, row.Channel));
        Assert.StartsWith("wrong password; 1 failed sign-in from ", row.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_FiveFailures_LocksTheAccountWithoutSayingSo()
    {
        using var client = NoRedirectClient();
        for (var i = 0; i < ConsoleAuthentication.MaxFailedAccessAttempts; i++)
        {
            await client.SignInAsync(AdminEmail, "Wrong-Passw0rd!!");
        }

        var response = await client.SignInAsync(AdminEmail, AdminPassword);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(FailureText, body, StringComparison.Ordinal);
        Assert.DoesNotContain("is locked out", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignIn_DisabledUser_Fails()
    {
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var admin = await users.FindByEmailAsync(AdminEmail);
            admin!.IsDisabled = true;
            await users.UpdateAsync(admin);
        }

        using var client = NoRedirectClient();
        var response = await client.SignInAsync(AdminEmail, AdminPassword);

        Assert.Contains(FailureText, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClaimsFactory_BootstrapAdmin_CarriesAConsoleActor()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>();
        var admin = await users.FindByEmailAsync(AdminEmail);

        var actor = (await factory.CreateAsync(admin!)).ToActor();

        Assert.NotNull(actor);
        Assert.Equal(Role.Admin, actor.Role);
        Assert.Equal(Channel.Console, actor.Channel);
        Assert.Equal("default", actor.ProjectName);
        Assert.Equal(admin!.Id, actor.Id);
    }

    [Fact]
    public async Task Bootstrap_WithoutAdminSettings_CreatesNoUser()
    {
        using var tempDb = new TempDatabase();
        using var isolated = _factory.WithWebHostBuilder(b => b.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Registry"] = tempDb.ConnectionString,
            ["Bootstrap:AdminEmail"] = string.Empty,
            ["Bootstrap:AdminPassword"] = string.Empty,
        })));

        await using var scope = isolated.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();

        Assert.False(await users.Users.AnyAsync(Ct));
        Assert.True(await roles.RoleExistsAsync("editor"));
    }

    [Theory]
    [InlineData("/servers", "/servers")]
    [InlineData("/servers/fs/v1?tab=config", "/servers/fs/v1?tab=config")]
    [InlineData("//evil.example/x", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("", "/")]
    [InlineData(null, "/")]
    public void LocalUrl_AnyInput_OnlyLocalPathsSurvive(string? input, string expected) =>
        Assert.Equal(expected, Login.LocalUrl(input));

    public void Dispose() => _factory.Dispose();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    // HTTPS: outside Development the sign-in cookie is Secure, and a cookie container sends it over HTTPS only.
    private HttpClient NoRedirectClient() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") });

    private static string ErrorBlock(string html) => ErrorPattern().Match(html).Value;


    [GeneratedRegex("<div[^>]*data-testid=\"login-error\"[^>]*>[^<]*</div>")]
    private static partial Regex ErrorPattern();
}
