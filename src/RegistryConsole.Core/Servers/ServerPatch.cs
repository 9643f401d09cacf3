using System.Text.Json.Nodes;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Core.Servers;

/// <summary>
/// The merge rules of modify-server (API.md §3) on plaintext add-server bodies: a top-level field present replaces
/// (<c>null</c> clears it), inside <c>mcp_config</c> each section present replaces that section (<c>null</c> removes it).
/// Pure: no database, no secrets handling.
/// </summary>
public static class ServerPatch
{
    public const string McpConfig = "mcp_config";

    /// <summary>The field that restores a deleted server; not part of the body.</summary>
    public const string IsActive = "is_active";

    /// <summary><paramref name="current"/> with <paramref name="patch"/> applied (a copy).</summary>
    public static JsonObject Apply(JsonObject current, JsonObject patch)
    {
        var merged = (JsonObject)current.DeepClone();
        foreach (var (key, value) in patch)
        {
            merged[key] = key == McpConfig && value is JsonObject sections && merged[McpConfig] is JsonObject mcpConfig
                ? JsonMergePatch.Apply(mcpConfig, sections, depth: 1)
                : value?.DeepClone();
        }

        return merged;
    }

    /// <summary>The modify-server patch that turns <paramref name="original"/> into <paramref name="edited"/> (the inverse of <see cref="Apply"/>).</summary>
    public static JsonObject Diff(JsonObject original, JsonObject edited)
    {
        var patch = JsonMergePatch.Diff(original, edited, depth: 1);
        if (patch.ContainsKey(McpConfig) && original[McpConfig] is JsonObject before && edited[McpConfig] is JsonObject after)
        {
            patch[McpConfig] = JsonMergePatch.Diff(before, after, depth: 1);
        }

        return patch;
    }

    /// <summary>
    /// Checks what a patch may not do (rename, delete) and splits off <c>"is_active": true</c>: returns the body fields
    /// to merge and whether the patch asks for a restore.
    /// </summary>
    public static (JsonObject Changes, bool Restore) Read(ServerKey key, JsonObject patch, FieldErrors errors)
    {
        PatchRules.RequireUnchanged(patch, "saved_name", key.SavedName, "servers", errors);
        PatchRules.RequireUnchanged(patch, "server_version", key.ServerVersion, "servers", errors);
        var restore = false;
        if (patch.TryGetPropertyValue(IsActive, out var isActive))
        {
            restore = isActive is JsonValue v && v.TryGetValue<bool>(out var flag) && flag;
            if (!restore)
            {
                errors.Add(IsActive, "may only be true (to restore a deleted server); use delete-server to delete");
            }
        }

        var changes = new JsonObject(patch.Where(p => p.Key != IsActive).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        return (changes, restore);
    }
}
