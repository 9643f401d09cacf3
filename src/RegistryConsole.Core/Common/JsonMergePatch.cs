using System.Text.Json.Nodes;

namespace RegistryConsole.Core.Common;

/// <summary>
/// JSON merge patch (RFC 7396) and its inverse, limited to a depth: at depth 1 only the top-level keys merge and their
/// values replace whole; at depth 2 objects one level down merge key by key too; and so on. In a patch a key present
/// replaces and <c>null</c> removes. Pure: inputs are never changed.
/// </summary>
public static class JsonMergePatch
{
    /// <summary>A copy of <paramref name="target"/> with <paramref name="patch"/> applied.</summary>
    public static JsonObject Apply(JsonObject target, JsonObject patch, int depth = int.MaxValue)
    {
        var result = (JsonObject)target.DeepClone();
        ApplyInPlace(result, patch, depth);
        return result;
    }

    /// <summary>
    /// The patch that turns <paramref name="before"/> into <paramref name="after"/>: only what changed; a key removed
    /// (or null) becomes <c>null</c>; keys in the order of <paramref name="before"/>, then the new ones.
    /// </summary>
    public static JsonObject Diff(JsonObject before, JsonObject after, int depth = int.MaxValue)
    {
        var patch = new JsonObject();
        foreach (var key in before.Select(p => p.Key).Union(after.Select(p => p.Key)))
        {
            var was = before[key];
            var now = after[key];
            if (depth > 1 && was is JsonObject wasObject && now is JsonObject nowObject)
            {
                var nested = Diff(wasObject, nowObject, depth - 1);
                if (nested.Count > 0)
                {
                    patch[key] = nested;
                }
            }
            else if (!JsonNode.DeepEquals(was, now))
            {
                patch[key] = now?.DeepClone();
            }
        }

        return patch;
    }

    private static void ApplyInPlace(JsonObject target, JsonObject patch, int depth)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (depth > 1 && value is JsonObject nestedPatch)
            {
                if (target[key] is not JsonObject nested)
                {
                    nested = [];
                    target[key] = nested;
                }

                ApplyInPlace(nested, nestedPatch, depth - 1);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }
}
