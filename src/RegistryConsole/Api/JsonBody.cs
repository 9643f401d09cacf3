using System.Buffers;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Metadata;

namespace RegistryConsole.Api;

/// <summary>
/// The strict JSON object body of a request (<see cref="JsonBody"/>: 415, 413, duplicate keys, malformed JSON), bound
/// without failing; Core checks its fields and names unknown ones by JSON path. <typeparamref name="TSchema"/> only tells
/// the OpenAPI document the body's shape.
/// </summary>
public sealed class JsonBody<TSchema> : IRequestBinding, IEndpointParameterMetadataProvider
{
    private readonly JsonNode? _node;

    private JsonBody(JsonNode? node, IResult? problem) => (_node, Problem) = (node, problem);

    /// <summary>The body; only read when <see cref="Problem"/> is null.</summary>
    public JsonObject Value => (JsonObject)Node;

    /// <summary>The body as any JSON value, for the endpoints that take an array too.</summary>
    public JsonNode Node => _node ?? throw new InvalidOperationException("The body had a problem; RequestBindings.Filter answers it before the handler runs.");

    public IResult? Problem { get; }

    public static async ValueTask<JsonBody<TSchema>> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var anyValue = parameter.GetCustomAttribute<AnyJsonValueAttribute>() is not null;
        var (node, problem) = anyValue
            ? await JsonBody.ReadNodeAsync(context.Request, context.RequestAborted)
            : await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        return new JsonBody<TSchema>(node, problem);
    }

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) => builder.Metadata.Add(new JsonBodyMetadata(typeof(TSchema)));

    /// <summary>
    /// Names the body type for ApiExplorer. No content types: routing would otherwise answer a wrong Content-Type itself,
    /// before <see cref="JsonBody"/> can answer its 415 (application/json and any <c>+json</c> are accepted).
    /// </summary>
    private sealed record JsonBodyMetadata(Type RequestType) : IAcceptsMetadata
    {
        public IReadOnlyList<string> ContentTypes { get; } = [];

        Type? IAcceptsMetadata.RequestType => RequestType;

        public bool IsOptional => false;
    }
}

/// <summary>On a <see cref="JsonBody{TSchema}"/> parameter: any JSON value (an object or an array) is a body.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class AnyJsonValueAttribute : Attribute;

/// <summary>Reads a request body as a JSON object, answering 415, 413 and 400 itself.</summary>
public static class JsonBody
{
    public const int MaxBytes = 1024 * 1024;

    private const int InitialBufferBytes = 16 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    public static async Task<(JsonObject? Body, IResult? Problem)> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (node, problem) = await ReadNodeAsync(request, cancellationToken);
        return problem is not null ? (null, problem)
            : node is JsonObject body ? (body, null)
            : (null, BadBody("The request body must be a JSON object"));
    }

    /// <summary>Reads a request body as any JSON value (an object or an array).</summary>
    public static async Task<(JsonNode? Body, IResult? Problem)> ReadNodeAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
        {
            return (null, ApiResults.Problem(StatusCodes.Status415UnsupportedMediaType, "The request body must be JSON (Content-Type: application/json)"));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }

        // One pooled buffer, sized by Content-Length when the client sent one; the parser copies what it keeps, so the
        // buffer goes back to the pool (a 16 KiB chunk, a growing MemoryStream and its copy were a tenth of an add's
        // allocations).
        var (buffer, length) = await ReadPooledAsync(request.Body, request.ContentLength, cancellationToken);
        try
        {
            if (length > MaxBytes)
            {
                return (null, TooLarge());
            }

            if (length == 0)
            {
                return (null, BadBody("The request body is empty; a JSON object is required"));
            }

            JsonNode? node;
            try
            {
                node = JsonNode.Parse(new ReadOnlySpan<byte>(buffer, 0, length), documentOptions: DocumentOptions);
            }
            catch (JsonException ex)
            {
                var where = ex.LineNumber is { } line ? $" at line {line + 1}, position {ex.BytePositionInLine + 1}" : string.Empty;
                var duplicate = ex.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) ? ": a property is given twice" : string.Empty;
                return (null, BadBody($"The request body is not valid JSON{where}{duplicate}"));
            }

            return node is null
                ? (null, BadBody("The request body must be a JSON object"))
                : (node, null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The body in a buffer rented from the pool (the caller returns it), read to its end or to one byte past
    /// <see cref="MaxBytes"/>, which is enough to know it is too large.
    /// </summary>
    private static async Task<(byte[] Buffer, int Length)> ReadPooledAsync(Stream body, long? declaredLength, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(declaredLength is > 0 and var declared ? (int)declared + 1 : InitialBufferBytes);
        var length = 0;
        while (length <= MaxBytes)
        {
            if (length == buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Min(MaxBytes + 1, buffer.Length * 2));
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }

            var read = await body.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, MaxBytes + 1) - length), cancellationToken);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        return (buffer, length);
    }

    /// <summary>A problem about the body as a whole names the field <c>body</c>, like every other validation problem names its field.</summary>
    private static ProblemResult BadBody(string detail, int status = StatusCodes.Status400BadRequest) =>
        ApiResults.Problem(status, detail, new Dictionary<string, string[]> { ["body"] = [detail] });

    private static ProblemResult TooLarge() =>
        BadBody($"The request body is larger than {MaxBytes / 1024} KiB", StatusCodes.Status413PayloadTooLarge);

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var mediaType = contentType.Split(';')[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }
}
