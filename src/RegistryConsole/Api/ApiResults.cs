using RegistryConsole.Core.Common;

namespace RegistryConsole.Api;

/// <summary>The envelopes of API.md §1.4.</summary>
public sealed record WriteEnvelope<T>(string Message, T Data);

public sealed record BulkEnvelope<T>(string Message, IReadOnlyList<T> Data, int Count);

public sealed record Pagination(int Page, int PerPage, int Total, int TotalPages);

public sealed record ListEnvelope<T>(string Message, IReadOnlyList<T> Data, Pagination Pagination);

/// <summary>Turns a service <see cref="Result{T}"/> into an HTTP answer.</summary>
public static class ApiResults
{
    public static IResult Problem(Error error) =>
        new ProblemResult(ApiProblem.StatusFor(error.Kind), error.Message, error.Kind == ErrorKind.Validation || error.FieldErrors is not null ? error.FieldErrors : null);

    public static IResult Problem(int status, string detail, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new ProblemResult(status, detail, errors);

    public static IResult BadHeader(string header, string message) =>
        Problem(StatusCodes.Status400BadRequest, $"{header}: {message}", new Dictionary<string, string[]> { [header] = [message] });

    /// <summary>200 with the bare object and an ETag (get-server, get-gateway, get-gateway-config).</summary>
    public static IResult ToBareResult<T>(this Result<T> result, HttpContext context, Func<T, string> etag) where T : notnull
    {
        if (!result.IsSuccess)
        {
            return Problem(result.Error);
        }

        context.Response.Headers.ETag = etag(result.Value);
        return TypedResults.Json(result.Value, Core.Common.JsonDefaults.Options);
    }

    /// <summary>A write envelope <c>{message, data}</c>, with the new ETag when there is one.</summary>
    public static IResult ToWriteResult<T>(this Result<T> result, HttpContext context, int status, Func<T, string> message, Func<T, string>? etag = null)
        where T : notnull
    {
        if (!result.IsSuccess)
        {
            return Problem(result.Error);
        }

        if (etag is not null)
        {
            context.Response.Headers.ETag = etag(result.Value);
        }

        return TypedResults.Json(new WriteEnvelope<T>(message(result.Value), result.Value), Core.Common.JsonDefaults.Options, statusCode: status);
    }

    public static IResult ToListResult<T>(this Result<Page<T>> result, string message)
    {
        if (!result.IsSuccess)
        {
            return Problem(result.Error);
        }

        var page = result.Value;
        return TypedResults.Json(
            new ListEnvelope<T>(message, page.Items, new Pagination(page.PageNumber, page.PerPage, page.Total, page.TotalPages)),
            Core.Common.JsonDefaults.Options);
    }
}
