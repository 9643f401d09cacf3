using System.Text.Json;
using System.Text.Json.Nodes;

namespace RegistryConsole.Api;

/// <summary>Reads a request body as a JSON object, answering 415, 413 and 400 itself.</summary>
public static class JsonBody
{
    public const int MaxBytes = 1024 * 1024;

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

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, TooLarge());
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, BadBody("The request body is empty; a JSON object is required"));
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(buffer.ToArray(), documentOptions: DocumentOptions);
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

    /// <summary>A problem about the body as a whole names the field <c>body</c>, like every other validation problem names its field.</summary>
    private static IResult BadBody(string detail, int status = StatusCodes.Status400BadRequest) =>
        ApiResults.Problem(status, detail, new Dictionary<string, string[]> { ["body"] = [detail] });

    private static IResult TooLarge() =>
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
