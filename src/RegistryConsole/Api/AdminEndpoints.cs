using Microsoft.AspNetCore.Http.HttpResults;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Reviews;

namespace RegistryConsole.Api;

/// <summary>The admin endpoints of API.md §6: each binds its parts (see <see cref="IRequestBinding"/>), calls Core once and maps the result.</summary>
public static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/admin", "Admin");
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

    public static async Task<Results<JsonCreated<WriteEnvelope<CreatedApiKey>>, ProblemResult>> CreateApiKey(
        JsonBody<CreateApiKeyRequest> body, IApiKeyService apiKeys, HttpContext context, CancellationToken cancellationToken) =>
        (await apiKeys.CreateAsync(body.Value, context.Actor(), cancellationToken)).ToCreated(k => $"API key '{k.Name}' created; store the key now, it is not shown again");

    public static async Task<Results<JsonOk<DataEnvelope<ApiKeyDto>>, ProblemResult>> ListApiKeys(IApiKeyService apiKeys, HttpContext context, CancellationToken cancellationToken) =>
        (await apiKeys.ListAsync(context.Actor(), cancellationToken)).ToData("API keys");

    public static async Task<Results<JsonOk<WriteEnvelope<ApiKeyDto>>, ProblemResult>> RevokeApiKey(
        [AsParameters] IdParameter id, IApiKeyService apiKeys, HttpContext context, CancellationToken cancellationToken) =>
        (await apiKeys.RevokeAsync(id.Value, context.Actor(), cancellationToken)).ToWritten(k => $"API key '{k.Name}' revoked");

    public static async Task<Results<JsonOk<DataEnvelope<UserDto>>, ProblemResult>> ListUsers(IUserService users, HttpContext context, CancellationToken cancellationToken) =>
        (await users.ListAsync(context.Actor(), cancellationToken)).ToData("Users");

    public static async Task<Results<JsonCreated<WriteEnvelope<UserDto>>, ProblemResult>> CreateUser(
        JsonBody<CreateUserRequest> body, IUserService users, HttpContext context, CancellationToken cancellationToken) =>
        (await users.CreateAsync(body.Value, context.Actor(), cancellationToken)).ToCreated(u => $"User '{u.Email}' created; the password must be changed at first sign-in");

    public static async Task<Results<JsonOk<WriteEnvelope<UserDto>>, ProblemResult>> ModifyUser(
        [AsParameters] IdParameter id, JsonBody<ModifyUserRequest> body, IUserService users, HttpContext context, CancellationToken cancellationToken) =>
        (await users.ModifyAsync(id.Value, body.Value, context.Actor(), cancellationToken)).ToWritten(u => $"User '{u.Email}' updated");

    public static async Task<Results<JsonOk<WriteEnvelope<ProjectSettingsDto>>, ProblemResult>> GetProjectSettings(IReviewService reviews, HttpContext context, CancellationToken cancellationToken) =>
        (await reviews.GetSettingsAsync(context.Actor(), cancellationToken)).ToWritten(_ => "Project settings");

    public static async Task<Results<JsonOk<WriteEnvelope<ProjectSettingsDto>>, ProblemResult>> ModifyProjectSettings(
        JsonBody<ProjectSettingsPatch> body, IReviewService reviews, HttpContext context, CancellationToken cancellationToken) =>
        (await reviews.ModifySettingsAsync(body.Value, context.Actor(), cancellationToken)).ToWritten(_ => "Project settings updated");
}
