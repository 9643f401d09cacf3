using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Components.Pages.Servers;

/// <summary>One item of a bulk add as the table shows it: which server, and what the service said about it.</summary>
public sealed record BulkAddRow(int Index, string? SavedName, string? Version, IReadOnlyList<string> Problems)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>
/// Reads what a person pasted (an array, or <c>{"servers": [...]}</c>) into the bulk-add body, and turns the service's
/// answer into a per-item table: messages keyed <c>servers[i]...</c> are grouped under item i.
/// </summary>
public static partial class BulkAddReport
{
    /// <summary>The body for <see cref="IServerService.BulkAddAsync"/>; null with a message when the text is not usable JSON.</summary>
    public static (JsonObject? Body, bool WasArray, string? Problem, int? Line) Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, false, "Paste a JSON array of servers, or {\"servers\": [...]}, or upload a file.", null);
        }

        var node = JsonText.Parse(text, out var syntax);
        if (syntax is not null)
        {
            return (null, false, "The text " + syntax.Message, syntax.Line);
        }

        return node switch
        {
            JsonArray array => (new JsonObject { ["servers"] = array.DeepClone() }, true, null, null),
            JsonObject body => (body, false, null, null),
            _ => (null, false, "Expected a JSON array of servers, or an object {\"servers\": [...]}.", 1),
        };
    }

    /// <summary>One row per item sent, with the problems the service found in it (none for a valid item).</summary>
    public static IReadOnlyList<BulkAddRow> Rows(JsonObject body, IReadOnlyDictionary<string, string[]>? fieldErrors)
    {
        var items = body["servers"] as JsonArray ?? [];
        var problems = ByItem(fieldErrors);
        return [.. items.Select((item, i) => new BulkAddRow(
            i,
            Text(item, "saved_name"),
            Text(item, "server_version") ?? (item is JsonObject ? Core.Common.Identifiers.DefaultVersion : null),
            problems.GetValueOrDefault(i) ?? []))];
    }

    /// <summary>Messages that name no item (the batch itself: too many, not an array, an unknown top-level key).</summary>
    public static IReadOnlyList<string> General(IReadOnlyDictionary<string, string[]>? fieldErrors) =>
        [.. (fieldErrors ?? new Dictionary<string, string[]>())
            .Where(e => !ItemPath().IsMatch(e.Key))
            .SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))];

    /// <summary>Markers for the editor: the paths as the person wrote the text (<c>[3].x</c> for a bare array).</summary>
    public static IReadOnlyList<JsonEditorError> EditorErrors(IReadOnlyDictionary<string, string[]>? fieldErrors, bool wasArray) =>
        [.. (fieldErrors ?? new Dictionary<string, string[]>())
            .SelectMany(e => e.Value.Select(m => new JsonEditorError(
                wasArray && e.Key.StartsWith("servers[", StringComparison.Ordinal) ? e.Key["servers".Length..] : wasArray && e.Key == "servers" ? string.Empty : e.Key,
                m)))];

    private static Dictionary<int, List<string>> ByItem(IReadOnlyDictionary<string, string[]>? fieldErrors)
    {
        var byItem = new Dictionary<int, List<string>>();
        foreach (var (path, messages) in fieldErrors ?? new Dictionary<string, string[]>())
        {
            var match = ItemPath().Match(path);
            if (!match.Success)
            {
                continue;
            }

            var index = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var inner = match.Groups[2].Value.TrimStart('.');
            if (!byItem.TryGetValue(index, out var list))
            {
                list = [];
                byItem[index] = list;
            }

            list.AddRange(messages.Select(m => string.IsNullOrEmpty(inner) ? m : $"{inner}: {m}"));
        }

        return byItem;
    }

    private static string? Text(JsonNode? item, string key) =>
        item is JsonObject o && o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    [GeneratedRegex(@"^servers\[(\d+)\](.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ItemPath();
}
