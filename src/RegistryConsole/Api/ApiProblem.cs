using System.Text.Json.Serialization;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Api;

/// <summary>
/// The one error body (API.md §1.3): RFC 9457 fields plus the Enkrypt-style <c>code</c>/<c>error</c>/<c>message</c>.
/// </summary>
public sealed record ApiProblem
{
    public string Type { get; init; } = "about:blank";

    public required string Title { get; init; }

    public int Status { get; init; }

    public required string Detail { get; init; }

    public int Code => Status;

    public string Error => Title;

    public string Message => Detail;

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    public string? RequestId { get; init; }

    public static string TitleFor(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Resource not found",
        405 => "Method not allowed",
        409 => "Conflict",
        412 => "Precondition failed",
        413 => "Payload too large",
        415 => "Unsupported media type",
        429 => "Too many requests",
        _ => "Internal server error",
    };

    public static int StatusFor(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        _ => StatusCodes.Status500InternalServerError,
    };
}

/// <summary>Writes an <see cref="ApiProblem"/> as <c>application/problem+json</c>.</summary>
public sealed class ProblemResult(int status, string detail, IReadOnlyDictionary<string, string[]>? errors = null) : IResult, IStatusCodeHttpResult, Microsoft.AspNetCore.Http.Metadata.IEndpointMetadataProvider
{
    /// <summary>Tells the OpenAPI generator the error body's type; which statuses an endpoint answers is ApiDocs' to say.</summary>
    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(ApiProblem), ["application/problem+json"]));

    public int? StatusCode => status;

    public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, status, detail, errors);

    public static Task WriteAsync(HttpContext httpContext, int status, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var problem = new ApiProblem
        {
            Title = ApiProblem.TitleFor(status),
            Status = status,
            Detail = detail,
            Errors = errors,
            RequestId = httpContext.TraceIdentifier,
        };
        httpContext.Response.StatusCode = status;
        return httpContext.Response.WriteAsJsonAsync(problem, JsonDefaults.Options, "application/problem+json", httpContext.RequestAborted);
    }
}
