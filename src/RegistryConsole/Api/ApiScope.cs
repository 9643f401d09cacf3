using Microsoft.AspNetCore.Authorization;
using RegistryConsole.Auth;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Api;

/// <summary>Who is calling, and in which project and registry.</summary>
public static class ApiScope
{
    public const string Policy = "ApiKey";

    private const string ActorItem = "rc:actor";

    /// <summary>The <c>X-Enkrypt-Project</c> value that names the calling key's own project, whatever its name.</summary>
    public const string DefaultProjectAlias = "default";

    public static AuthorizationPolicy BuildPolicy() =>
        new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build();

    public static void SetActor(this HttpContext context, Actor actor) => context.Items[ActorItem] = actor;

    public static Actor Actor(this HttpContext context) =>
        context.Items[ActorItem] as Actor ?? throw new InvalidOperationException("The API scope filter did not run for this endpoint.");

    /// <summary>
    /// Resolves the caller and applies the project and registry headers before any handler runs:
    /// another project's name is 403, a registry other than <c>default</c> is 404.
    /// </summary>
    public static async ValueTask<object?> ScopeFilter(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var actor = context.User.ToActor();
        if (actor is null)
        {
            return ApiResults.Problem(StatusCodes.Status401Unauthorized, "An API key is required in the 'apikey' header");
        }

        // "default" also means the key's own project: Enkrypt's clients always send it (API.md §1.1).
        var project = context.Request.Headers[ApiHeaders.Project].FirstOrDefault();
        if (!string.IsNullOrEmpty(project) && project != DefaultProjectAlias && project != actor.ProjectName && project != actor.ProjectId)
        {
            return ApiResults.Problem(StatusCodes.Status403Forbidden, $"This API key belongs to project '{actor.ProjectName}', not '{project}'");
        }

        var registry = context.Request.Headers[ApiHeaders.Registry].FirstOrDefault();
        if (!string.IsNullOrEmpty(registry) && registry != Registry.DefaultName)
        {
            return ApiResults.Problem(StatusCodes.Status404NotFound, $"MCP registry '{registry}' not found: registry not found");
        }

        context.SetActor(actor);
        return await next(invocation);
    }
}
