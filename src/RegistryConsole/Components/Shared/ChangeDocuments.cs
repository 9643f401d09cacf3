using System.Text.Json.Nodes;

namespace RegistryConsole.Components.Shared;

/// <summary>
/// Turns an audit event's change list (<c>[{path, before, after}]</c>) into two JSON objects keyed by path, one for
/// before and one for after, so a diff editor shows each changed leaf on its own line. A path added by the change is
/// absent from "before", a path removed is absent from "after".
/// </summary>
public static class ChangeDocuments
{
    public static (JsonObject Before, JsonObject After) From(JsonArray? changes)
    {
        var before = new JsonObject();
        var after = new JsonObject();
        foreach (var change in (changes ?? []).OfType<JsonObject>())
        {
            var path = change["path"] is JsonValue p && p.TryGetValue<string>(out var text) && text.Length > 0 ? text : "(whole document)";
            if (change["before"] is { } b)
            {
                before[path] = b.DeepClone();
            }

            if (change["after"] is { } a)
            {
                after[path] = a.DeepClone();
            }
        }

        return (before, after);
    }

    public static IReadOnlyList<ChangeRow> Rows(JsonArray? changes) =>
        (changes ?? []).OfType<JsonObject>()
            .Select(c => new ChangeRow(
                c["path"] is JsonValue p && p.TryGetValue<string>(out var text) ? text : string.Empty,
                c["before"] is null ? null : c["before"]!.ToJsonString(),
                c["after"] is null ? null : c["after"]!.ToJsonString()))
            .ToList();

    public sealed record ChangeRow(string Path, string? Before, string? After);
}
