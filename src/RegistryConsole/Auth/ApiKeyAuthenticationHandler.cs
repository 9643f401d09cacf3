using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using RegistryConsole.Api;
using RegistryConsole.Core.Access;

namespace RegistryConsole.Auth;

/// <summary>Authenticates REST calls by the <c>apikey</c> (or <c>api_key</c>) header.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IApiKeyService apiKeys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[ApiHeaders.ApiKey].FirstOrDefault() ?? Request.Headers[ApiHeaders.ApiKeyAlias].FirstOrDefault();
        if (string.IsNullOrEmpty(presented))
        {
            return AuthenticateResult.NoResult();
        }

        var actor = await apiKeys.AuthenticateAsync(presented, Context.RequestAborted);
        if (actor is null)
        {
            return AuthenticateResult.Fail("Unknown, revoked or expired API key");
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(ActorClaims.From(actor), SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var presented = Request.Headers.ContainsKey(ApiHeaders.ApiKey) || Request.Headers.ContainsKey(ApiHeaders.ApiKeyAlias);
        return ProblemResult.WriteAsync(Context, StatusCodes.Status401Unauthorized,
            presented ? "The API key is unknown or revoked (or has expired, or its user is disabled)" : "An API key is required in the 'apikey' header");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ProblemResult.WriteAsync(Context, StatusCodes.Status403Forbidden, "This API key may not perform this action");
}
