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

        try
        {
            if (JsonNode.Parse(text) is JsonObject parsed)
            {
                value = parsed;
                return true;
            }

            error = "must be a JSON object ({ ... })";
            return false;
        }
        catch (JsonException ex)
        {
            line = (int)(ex.LineNumber ?? 0) + 1;
            error = $"is not valid JSON: {FirstSentence(ex.Message)}";
            return false;
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
