using System.Net;
using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using RegistryConsole.Auth;
using RegistryConsole.Core.Access;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Access;

/// <summary>
/// Issue 8, item 10: every role, and a disabled user, on every REST endpoint and every console page: allowed, or 403 /
/// 401 / redirect to sign-in. One table per surface; a new endpoint or page without a row fails <c>*_EveryOneHasARow</c>.
/// </summary>
public sealed class RoleMatrixTests(RoleMatrixTests.Fixture fixture) : IClassFixture<RoleMatrixTests.Fixture>
{
    private const string V = "viewer", E = "editor", R = "reviewer", A = "admin", Rt = "runtime";

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>method, path, server header, gateway header, body, roles allowed (API.md §1.2 and §3–§6).</summary>
    public static readonly IReadOnlyList<(string Method, string Path, bool Server, bool Gateway, string? Body, string[] Allowed)> Endpoints =
    [
        ("POST", "/mcp-registry/add-server", false, false, "{}", [E, A]),
        ("POST", "/mcp-registry/bulk-add-servers", false, false, "{}", [E, A]),
        ("GET", "/mcp-registry/get-server", true, false, null, [V, E, R, A, Rt]),
        ("PATCH", "/mcp-registry/modify-server", true, false, "{}", [E, A]),
        ("DELETE", "/mcp-registry/delete-server", true, false, null, [E, A]),
        ("GET", "/mcp-registry/list-servers", false, false, null, [V, E, R, A]),
        ("GET", "/mcp-registry/list-gateways-by-server", true, false, null, [V, E, R, A]),
        ("POST", "/mcp-registry/review-server", true, false, """{"decision":"approve"}""", [R, A]),
        ("GET", "/mcp-registry/server-history", true, false, null, [V, E, R, A]),
        ("POST", "/mcp-registry/import-servers", false, false, "{}", [E, A]),
        ("GET", "/mcp-registry/export-server?format=vscode", true, false, null, [V, E, R, A]),
        ("GET", "/mcp-gateway/export-gateway?format=vscode", false, true, null, [V, E, R, A]),
        ("POST", "/mcp-gateway/add-gateway", false, false, "{}", [E, A]),
        ("GET", "/mcp-gateway/get-gateway", false, true, null, [V, E, R, A]),
        ("PATCH", "/mcp-gateway/modify-gateway", false, true, "{}", [E, A]),
        ("DELETE", "/mcp-gateway/delete-gateway", false, true, null, [E, A]),
        ("GET", "/mcp-gateway/list-gateways", false, false, null, [V, E, R, A]),
        ("GET", "/mcp-gateway/get-gateway-config", false, true, null, [V, E, R, A, Rt]),
        ("POST", "/admin/api-keys", false, false, "{}", [A]),
        ("GET", "/admin/api-keys", false, false, null, [A]),
        ("DELETE", "/admin/api-keys?id=no-such-key", false, false, null, [A]),
        ("GET", "/admin/users", false, false, null, [A]),
        ("POST", "/admin/users", false, false, "{}", [A]),
        ("PATCH", "/admin/users?id=no-such-user", false, false, "{}", [A]),
        ("GET", "/admin/project-settings", false, false, null, [A]),
        ("PATCH", "/admin/project-settings", false, false, "{}", [A]),
    ];

    public static TheoryData<string, string, string> EndpointCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var endpoint in Endpoints)
        {
            foreach (var role in RoleNames.All.Append("disabled-user"))
            {
                data.Add(endpoint.Method, endpoint.Path, role);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EndpointCases))]
    public async Task Endpoint_ForRole_IsAllowedOrRefused(string method, string path, string role)
    {
        var endpoint = Endpoints.Single(e => e.Method == method && e.Path == path);
        using var client = fixture.Api.ClientWithKey(await fixture.KeyForAsync(role));
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (endpoint.Server)
        {
            request.Headers.Add("X-Enkrypt-MCP-Registry-Server", "matrix-no-such-server");
        }

        if (endpoint.Gateway)
        {
            request.Headers.Add("X-Enkrypt-MCP-Gateway", "matrix-no-such-gateway");
        }

        if (endpoint.Body is not null)
        {
            request.Content = HttpTestExtensions.Json(endpoint.Body);
        }

        using var response = await client.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        if (role == "disabled-user")
        {
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} as a disabled user's key: {(int)response.StatusCode} {body}");
        }
        else if (endpoint.Allowed.Contains(role))
        {
            Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden),
                $"{method} {path} should be allowed for {role}: {(int)response.StatusCode} {body}");
        }
        else
        {
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} should be 403 for {role}: {(int)response.StatusCode} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public void Endpoints_EveryMappedOneHasARow()
    {
        var mapped = fixture.Api.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/mcp-registry/", StringComparison.Ordinal) || raw.StartsWith("/mcp-gateway/", StringComparison.Ordinal) || raw.StartsWith("/admin/", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet();
        var rows = Endpoints.Select(e => $"{e.Method} {e.Path.Split('?')[0]}").ToHashSet();

        Assert.Empty(mapped.Except(rows));
    }

    /// <summary>Console pages: route → roles allowed; null means anyone, signed in or not.</summary>
    public static readonly IReadOnlyDictionary<string, string[]?> Pages = new Dictionary<string, string[]?>
    {
        ["/account/login"] = null,
        ["/account/logout"] = null,
        ["/account/access-denied"] = null,
        ["/account"] = null, // My account: the page itself sends an anonymous visitor to sign-in.
        ["/not-found"] = null,
        ["/api-keys"] = [A],
        ["/users"] = [A],
    };

    private static readonly string[] ConsoleRoles = [V, E, R, A];

    public static TheoryData<string, string> PageCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in PageRoutes())
        {
            foreach (var role in RoleNames.All.Append("disabled-user"))
            {
                data.Add(route, role);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PageCases))]
    public async Task Page_ForRole_IsAllowedOrRedirected(string route, string role)
    {
        var page = PageTypes().Single(p => p.Route == route).Type;
        var expected = Pages.TryGetValue(route, out var listed) ? listed : ConsoleRoles;
        var principal = await fixture.ConsolePrincipalAsync(role);

        var allowed = await fixture.MayOpenAsync(page, principal);

        if (expected is null)
        {
            Assert.True(allowed, $"{route} is open to everyone");
        }
        else if (principal is null)
        {
            // A disabled user and a runtime role can hold no console session: sign-in and the per-request stamp check refuse them.
            Assert.False(allowed, $"{route}: {role} holds no console session and is sent to sign-in");
        }
        else
        {
            Assert.Equal(expected.Contains(role), allowed);
        }
    }

    private static IEnumerable<(string Route, Type Type)> PageTypes() => typeof(Program).Assembly.GetTypes()
        .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => ("/" + r.Template.Trim('/'), t)))
        .Where(p => !p.Item1.Contains('{', StringComparison.Ordinal));

    private static IEnumerable<string> PageRoutes() => PageTypes().Select(p => p.Route).Distinct().Order(StringComparer.Ordinal);

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly Dictionary<string, string> _keys = [];

        public ApiFactory Api { get; } = new();

        public async ValueTask InitializeAsync()
        {
            using var admin = Api.ClientWithKey();
            foreach (var role in RoleNames.All)
            {
                _keys[role] = (await admin.CreateApiKeyOkAsync(role))["key"]!.GetValue<string>();
            }

            var user = await admin.CreateUserOkAsync(E);
            _keys["disabled-user"] = (await admin.CreateApiKeyOkAsync(E, user["id"]!.GetValue<string>()))["key"]!.GetValue<string>();
            (await admin.ModifyUserAsync(user["id"]!.GetValue<string>(), new { disabled = true })).EnsureSuccessStatusCode();
            DisabledUserId = user["id"]!.GetValue<string>();
        }

        public string DisabledUserId { get; private set; } = string.Empty;

        public Task<string> KeyForAsync(string role) => Task.FromResult(_keys[role]);

        /// <summary>The console principal a user with <paramref name="role"/> gets, or null when no console session is possible.</summary>
        public async Task<ClaimsPrincipal?> ConsolePrincipalAsync(string role)
        {
            await using var scope = Api.Services.CreateAsyncScope();
            var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>();
            var users = signIn.UserManager;
            if (role == "disabled-user")
            {
                var disabled = await users.FindByIdAsync(DisabledUserId);
                return disabled is not null && await signIn.CanSignInAsync(disabled) ? await signIn.CreateUserPrincipalAsync(disabled) : null;
            }

            var email = $"matrix-{role}@test.local";
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = new ApplicationUser { UserName = email, Email = email, DisplayName = role, ProjectId = (await users.FindByEmailAsync("admin@test.local"))!.ProjectId };
                Assert.True((await users.CreateAsync(user, "Matrix-Passw0rd!")).Succeeded);
                if (role != Rt)
                {
                    Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
                }
            }

            return await signIn.CanSignInAsync(user) ? await signIn.CreateUserPrincipalAsync(user) : null;
        }

        /// <summary>What AuthorizeRouteView decides: the page's [Authorize]/[AllowAnonymous] data against the principal.</summary>
        public async Task<bool> MayOpenAsync(Type page, ClaimsPrincipal? principal)
        {
            if (page.GetCustomAttributes<AllowAnonymousAttribute>(inherit: true).Any())
            {
                return true;
            }

            var data = page.GetCustomAttributes(inherit: true).OfType<IAuthorizeData>().ToArray();
            if (data.Length == 0)
            {
                return true;
            }

            if (principal is null)
            {
                return false;
            }

            var provider = Api.Services.GetRequiredService<IAuthorizationPolicyProvider>();
            var policy = await AuthorizationPolicy.CombineAsync(provider, data);
            var result = await Api.Services.GetRequiredService<IAuthorizationService>().AuthorizeAsync(principal, null, policy!);
            return result.Succeeded;
        }

        public async ValueTask DisposeAsync()
        {
            await Api.DisposeAsync();
        }
    }
}
