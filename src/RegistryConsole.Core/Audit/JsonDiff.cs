using System.Text.Json.Nodes;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Core.Audit;

/// <summary>
/// One changed leaf: objects are walked key by key, arrays and scalars compare whole. The values are the masked
/// documents' own nodes, not copies: <see cref="JsonDiff.ToArray"/> copies them once, into the stored event.
/// </summary>
public sealed record Change(string Path, JsonNode? Before, JsonNode? After);

public static class JsonDiff
{
    /// <summary>
    /// The changes from <paramref name="before"/> to <paramref name="after"/>, found on the plain documents
    /// (so a changed secret is seen) but reported with values from the masked ones (so no secret is written).
    /// </summary>
    public static IReadOnlyList<Change> Changes(JsonObject? before, JsonObject? after, JsonObject? maskedBefore, JsonObject? maskedAfter)
    {
        var changes = new List<Change>();
        Walk(before, after, maskedBefore, maskedAfter, string.Empty, changes);
        return changes;
    }

    private static void Walk(JsonNode? before, JsonNode? after, JsonNode? maskedBefore, JsonNode? maskedAfter, string path, List<Change> changes)
    {
        if (JsonNode.DeepEquals(before, after))
        {
            return;
        }

        if (before is JsonObject b && after is JsonObject a)
        {
            foreach (var key in b.Select(p => p.Key).Concat(a.Select(p => p.Key).Where(k => !b.ContainsKey(k))))
            {
                Walk(b[key], a[key], (maskedBefore as JsonObject)?[key], (maskedAfter as JsonObject)?[key], JsonPath.Combine(path, key), changes);
            }

            return;
        }

        changes.Add(new Change(path, maskedBefore, maskedAfter));
    }

    public static string ToJson(IReadOnlyList<Change> changes) => ToArray(changes).ToJsonString(JsonDefaults.Options);

    /// <summary>The changes as stored in an audit event: <c>[{path, before, after}]</c>.</summary>
    public static JsonArray ToArray(IReadOnlyList<Change> changes) =>
        new(changes.Select(c => (JsonNode)new JsonObject { ["path"] = c.Path, ["before"] = c.Before?.DeepClone(), ["after"] = c.After?.DeepClone() }).ToArray());
}
