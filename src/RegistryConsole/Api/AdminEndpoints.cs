using RegistryConsole.Core.Access;
using RegistryConsole.Core.Reviews;

namespace RegistryConsole.Api;

/// <summary>The admin endpoints of API.md §6.</summary>
public static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin")
            .WithTags("Admin")
            .RequireAuthorization(ApiScope.Policy)
            .AddEndpointFilter(ApiScope.ScopeFilter);

        group.MapPost("/api-keys", CreateApiKey).WithName("create-api-key").WithSummary("Create an API key; the key is shown once (admin)");
        group.MapGet("/api-keys", ListApiKeys).WithName("list-api-keys").WithSummary("List API keys, prefixes only (admin)");
        group.MapDelete("/api-keys", RevokeApiKey).WithName("revoke-api-key").WithSummary("Revoke an API key (admin)");
        group.MapGet("/users", ListUsers).WithName("list-users").WithSummary("List console users (admin)");
        group.MapPost("/users", CreateUser).WithName("create-user").WithSummary("Create a console user (admin)");
        group.MapPatch("/users", ModifyUser).WithName("modify-user").WithSummary("Change, disable, unlock or reset a console user (admin)");
        group.MapGet("/project-settings", GetProjectSettings).WithName("get-project-settings").WithSummary("Review settings of the project (admin)");
        group.MapPatch("/project-settings", ModifyProjectSettings).WithName("modify-project-settings").WithSummary("Change review settings (admin)");
        return group;
    }

    public static async Task<IResult> CreateApiKey(HttpContext context, IApiKeyService apiKeys, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await apiKeys.CreateAsync(body!, context.Actor(), cancellationToken);
        return result.ToWriteResult(context, StatusCodes.Status201Created, k => $"API key '{k.Name}' created; store the key now, it is not shown again");
    }

    public static async Task<IResult> ListApiKeys(HttpContext context, IApiKeyService apiKeys, CancellationToken cancellationToken)
    {
        var result = await apiKeys.ListAsync(context.Actor(), cancellationToken);
        return result.IsSuccess
            ? TypedResults.Json(new { message = "API keys", data = result.Value }, Core.Common.JsonDefaults.Options)
            : ApiResults.Problem(result.Error);
    }

    public static async Task<IResult> RevokeApiKey(HttpContext context, IApiKeyService apiKeys, CancellationToken cancellationToken)
    {
        if (RequiredId(context) is not { } id)
        {
            return MissingId();
        }

        var result = await apiKeys.RevokeAsync(id, context.Actor(), cancellationToken);
        return result.ToWriteResult(context, StatusCodes.Status200OK, k => $"API key '{k.Name}' revoked");
    }

    public static async Task<IResult> ListUsers(HttpContext context, IUserService users, CancellationToken cancellationToken)
    {
        var result = await users.ListAsync(context.Actor(), cancellationToken);
        return result.IsSuccess
            ? TypedResults.Json(new { message = "Users", data = result.Value }, Core.Common.JsonDefaults.Options)
            : ApiResults.Problem(result.Error);
    }

    public static async Task<IResult> CreateUser(HttpContext context, IUserService users, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await users.CreateAsync(body!, context.Actor(), cancellationToken);
        return result.ToWriteResult(context, StatusCodes.Status201Created, u => $"User '{u.Email}' created; the password must be changed at first sign-in");
    }

    public static async Task<IResult> ModifyUser(HttpContext context, IUserService users, CancellationToken cancellationToken)
    {
        if (RequiredId(context) is not { } id)
        {
            return MissingId();
        }

        var (body, problem) = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await users.ModifyAsync(id, body!, context.Actor(), cancellationToken);
        return result.ToWriteResult(context, StatusCodes.Status200OK, u => $"User '{u.Email}' updated");
    }

    private static string? RequiredId(HttpContext context) =>
        context.Request.Query["id"].FirstOrDefault() is { } id && !string.IsNullOrWhiteSpace(id) ? id : null;

    private static IResult MissingId() =>
        ApiResults.Problem(StatusCodes.Status400BadRequest, "id: is required", new Dictionary<string, string[]> { ["id"] = ["is required"] });

    public static async Task<IResult> GetProjectSettings(HttpContext context, IReviewService reviews, CancellationToken cancellationToken)
    {
        var result = await reviews.GetSettingsAsync(context.Actor(), cancellationToken);
        return result.ToWriteResult(context, StatusCodes.Status200OK, _ => "Project settings");
    }

    public static async Task<IResult> ModifyProjectSettings(HttpContext context, IReviewService reviews, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await reviews.ModifySettingsAsync(body!, context.Actor(), cancellationToken);
        return result.ToWriteResult(context, StatusCodes.Status200OK, _ => "Project settings updated");
    }
}
