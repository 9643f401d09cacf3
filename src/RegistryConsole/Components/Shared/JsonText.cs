using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RegistryConsole.Components.Shared;

/// <summary>JSON as people read and write it in the editors: indented by two spaces, no needless escaping.</summary>
public static class JsonText
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Format(JsonNode? node) => node is null ? "null" : node.ToJsonString(Indented);

    /// <summary>A CSS height that fits the text, between <paramref name="minLines"/> and <paramref name="maxLines"/> lines.</summary>
    public static string HeightFor(string? text, int minLines = 3, int maxLines = 22)
    {
        var lines = string.IsNullOrEmpty(text) ? 1 : text.Count(c => c == '\n') + 1;
        return $"{(Math.Clamp(lines, minLines, maxLines) * 19) + 12}px";
    }

    /// <summary>Parses an editor's text as a JSON object; blank text is an empty object.</summary>
    public static bool TryParseObject(string? text, out JsonObject value, out string? error) => TryParseObject(text, out value, out error, out _);

    /// <summary>Parses an editor's text as a JSON object; on a syntax error <paramref name="line"/> is the 1-based line it is on.</summary>
    public static bool TryParseObject(string? text, out JsonObject value, out string? error, out int? line)
    {
        value = [];
        error = null;
        line = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var node = Parse(text, out var syntax);
        if (syntax is not null)
        {
            line = syntax.Line;
            error = syntax.Message;
            return false;
        }

        if (node is JsonObject parsed)
        {
            value = parsed;
            return true;
        }

        error = "must be a JSON object ({ ... })";
        return false;
    }

    /// <summary>
    /// Parses JSON a person typed; on a syntax error, null and the one wording of it with its line
    /// (<c>is not valid JSON: line 3, column 14: expected a comma or a closing bracket</c>), for an editor marker or a message.
    /// </summary>
    public static JsonNode? Parse(string text, out JsonEditorError? error, JsonDocumentOptions options = default)
    {
        error = null;
        try
        {
            return JsonNode.Parse(text, documentOptions: options);
        }
        catch (JsonException ex)
        {
            error = new JsonEditorError(string.Empty, $"is not valid JSON: {SyntaxError(ex)}", (int)(ex.LineNumber ?? 0) + 1);
            return null;
        }
    }

    /// <summary>
    /// A JSON syntax error as people read it, the one wording for every place JSON is typed:
    /// <c>line 3, column 14: expected a comma or a closing bracket</c> (1-based, no parser jargon).
    /// </summary>
    public static string SyntaxError(JsonException ex)
    {
        var line = (ex.LineNumber ?? 0) + 1;
        var column = (ex.BytePositionInLine ?? 0) + 1;
        var message = ex.Message;
        var plain =
            message.Contains("invalid after a property name", StringComparison.Ordinal) ? "expected a colon after the property name"
            : message.Contains("invalid after a single JSON value", StringComparison.Ordinal) ? "there is more text after the end of the JSON"
            : message.Contains("Expected either ','", StringComparison.Ordinal) || message.Contains("invalid after a value", StringComparison.Ordinal) ? "expected a comma or a closing bracket"
            : message.Contains("property name", StringComparison.Ordinal) ? "expected a property name in double quotes"
            : message.Contains("trailing comma", StringComparison.OrdinalIgnoreCase) ? "a comma before a closing bracket is not allowed"
            : message.Contains("depth to be zero", StringComparison.Ordinal) || message.Contains("end of data", StringComparison.OrdinalIgnoreCase) ? "the text ends before every bracket is closed"
            : message.Contains("invalid without a matching open", StringComparison.Ordinal) ? "a closing bracket does not match the one it closes"
            : message.Contains("invalid start of a value", StringComparison.Ordinal) || message.Contains("invalid JSON literal", StringComparison.Ordinal) ? "expected a value (a string in double quotes, a number, an object, an array, true, false or null)"
            : message.Contains("is invalid within a JSON string", StringComparison.Ordinal) || message.Contains("end of string", StringComparison.OrdinalIgnoreCase) ? "a string is not closed or holds a character that must be escaped"
            : FirstSentence(message.Split(" LineNumber:", 2)[0]).TrimEnd('.').Replace("'", "\"", StringComparison.Ordinal);
        return $"line {line}, column {column}: {plain}";
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
