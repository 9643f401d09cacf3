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
}
