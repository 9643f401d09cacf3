using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Api;

/// <summary>The envelopes of API.md §1.4.</summary>
public sealed record WriteEnvelope<T>(string Message, T Data);

public sealed record BulkEnvelope<T>(string Message, IReadOnlyList<T> Data, int Count);

/// <summary>An unpaged list: <c>{message, data}</c> (list-api-keys, list-users).</summary>
public sealed record DataEnvelope<T>(string Message, IReadOnlyList<T> Data);

public sealed record Pagination(int Page, int PerPage, int Total, int TotalPages);

public sealed record ListEnvelope<T>(string Message, IReadOnlyList<T> Data, Pagination Pagination);

/// <summary>A success answer: <typeparamref name="T"/> as JSON with the wire options, and the resource's ETag when it has one.</summary>
public abstract class JsonAnswer<T>(T value, int status, string? etag) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>
{
    public int? StatusCode => status;

    public T Value => value;

    object? IValueHttpResult.Value => value;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (etag is not null)
        {
            httpContext.Response.Headers.ETag = etag;
        }

        return TypedResults.Json(value, JsonDefaults.Options, statusCode: status).ExecuteAsync(httpContext);
    }

    protected static void Produces(EndpointBuilder builder, int status) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(T), ["application/json"]));
}

/// <summary>200 with <typeparamref name="T"/>; the OpenAPI generator reads the status and the type from the handler's return type.</summary>
public sealed class JsonOk<T>(T value, string? etag = null) : JsonAnswer<T>(value, StatusCodes.Status200OK, etag), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Produces(builder, StatusCodes.Status200OK);
}

/// <summary>201 with <typeparamref name="T"/>.</summary>
public sealed class JsonCreated<T>(T value, string? etag = null) : JsonAnswer<T>(value, StatusCodes.Status201Created, etag), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Produces(builder, StatusCodes.Status201Created);
}

/// <summary>Turns a service <see cref="Result{T}"/> into an HTTP answer.</summary>
public static class ApiResults
{
    public static ProblemResult Problem(Error error) =>
        new(ApiProblem.StatusFor(error.Kind), error.Message, error.Kind == ErrorKind.Validation || error.FieldErrors is not null ? error.FieldErrors : null);

    public static ProblemResult Problem(int status, string detail, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new(status, detail, errors);

    public static ProblemResult BadHeader(string header, string message) =>
        Problem(StatusCodes.Status400BadRequest, $"{header}: {message}", new Dictionary<string, string[]> { [header] = [message] });

    /// <summary>200 with the bare object and its ETag (get-server, get-gateway, get-gateway-config).</summary>
    public static Results<JsonOk<T>, ProblemResult> ToBare<T>(this Result<T> result, Func<T, string> etag) where T : notnull =>
        result.IsSuccess ? new JsonOk<T>(result.Value, etag(result.Value)) : Problem(result.Error);

    /// <summary>200 with a write envelope <c>{message, data}</c>, and the new ETag when there is one.</summary>
    public static Results<JsonOk<WriteEnvelope<T>>, ProblemResult> ToWritten<T>(this Result<T> result, Func<T, string> message, Func<T, string>? etag = null)
        where T : notnull =>
        result.IsSuccess ? new JsonOk<WriteEnvelope<T>>(new(message(result.Value), result.Value), etag?.Invoke(result.Value)) : Problem(result.Error);

    /// <summary>201 with a write envelope <c>{message, data}</c>, and the new ETag when there is one.</summary>
    public static Results<JsonCreated<WriteEnvelope<T>>, ProblemResult> ToCreated<T>(this Result<T> result, Func<T, string> message, Func<T, string>? etag = null)
        where T : notnull =>
        result.IsSuccess ? new JsonCreated<WriteEnvelope<T>>(new(message(result.Value), result.Value), etag?.Invoke(result.Value)) : Problem(result.Error);

    /// <summary>200 with <c>{message, data}</c>, an unpaged list.</summary>
    public static Results<JsonOk<DataEnvelope<T>>, ProblemResult> ToData<T>(this Result<IReadOnlyList<T>> result, string message) =>
        result.IsSuccess ? new JsonOk<DataEnvelope<T>>(new(message, result.Value)) : Problem(result.Error);

    /// <summary>200 with <c>{message, data, pagination}</c>.</summary>
    public static Results<JsonOk<ListEnvelope<T>>, ProblemResult> ToList<T>(this Result<Page<T>> result, string message)
    {
        if (!result.IsSuccess)
        {
            return Problem(result.Error);
        }

        var page = result.Value;
        return new JsonOk<ListEnvelope<T>>(new(message, page.Items, new Pagination(page.PageNumber, page.PerPage, page.Total, page.TotalPages)));
    }
}
