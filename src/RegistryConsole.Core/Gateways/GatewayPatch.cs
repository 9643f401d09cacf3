using System.Text.Json.Nodes;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Core.Gateways;

/// <summary>One entry of <c>servers_config.servers</c> as written: its index, server key, overrides and remove flag.</summary>
public sealed record GatewayEntry(int Index, ServerKey Key, JsonObject Overrides, bool Remove);

/// <summary>
/// The merge rules of add- and modify-gateway (API.md §5), in the style of <see cref="GatewayExpansion"/>: no database.
/// Entries are upserted by server key (<c>"remove": true</c> detaches); in an entry's overrides and in
/// <c>common_overrides</c> a key present replaces and <c>null</c> clears; stored overrides never hold <c>null</c>.
/// </summary>
public static class GatewayPatch
{
    public const string ServersPath = "servers_config.servers";

    /// <summary>The raw entries of <c>servers_config.servers</c>; a second entry for the same server is an error.</summary>
    public static List<GatewayEntry> ReadEntries(JsonObject body, FieldErrors errors)
    {
        var entries = new List<GatewayEntry>();
        if (body["servers_config"] is not JsonObject config || config["servers"] is not JsonArray servers)
        {
            return entries;
        }

        var seen = new Dictionary<ServerKey, int>();
        for (var i = 0; i < servers.Count; i++)
        {
            if (servers[i] is not JsonObject item)
            {
                errors.Add(JsonPath.Index(ServersPath, i), "must be an object with saved_name");
                continue;
            }

            var key = new ServerKey(item["saved_name"]!.GetValue<string>(), item["server_version"]?.GetValue<string>() ?? Identifiers.DefaultVersion);
            if (seen.TryGetValue(key, out var first))
            {
                errors.Add(JsonPath.Combine(JsonPath.Index(ServersPath, i), "saved_name"), $"'{key.SavedName}' version '{key.ServerVersion}' is also {ServersPath}[{first}]");
                continue;
            }

            seen[key] = i;
            var overrides = new JsonObject(item
                .Where(p => p.Key is not ("saved_name" or "server_version" or "remove"))
                .Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
            entries.Add(new GatewayEntry(i, key, overrides, item["remove"] is JsonValue remove && remove.GetValue<bool>()));
        }

        return entries;
    }

    /// <summary>What a modify-gateway patch may not do: rename, delete, or null the whole <c>servers_config</c>.</summary>
    public static void CheckModify(GatewayKey key, JsonObject patch, FieldErrors errors)
    {
        PatchRules.RequireUnchanged(patch, "gateway_saved_name", key.SavedName, "gateways", errors);
        PatchRules.RequireUnchanged(patch, "gateway_version", key.Version, "gateways", errors);
        if (patch.TryGetPropertyValue("is_active", out var isActive) && !(isActive is JsonValue v && v.TryGetValue<bool>(out var flag) && flag))
        {
            errors.Add("is_active", "may only be true (to restore a deleted gateway); use delete-gateway to delete");
        }

        if (patch.TryGetPropertyValue("servers_config", out var serversConfig) && serversConfig is null)
        {
            errors.Add("servers_config", "cannot be null; detach servers with \"remove\": true");
        }
    }

    /// <summary>The <c>common_overrides</c> of an add-gateway body, as stored.</summary>
    public static JsonObject CommonOverridesOf(JsonObject body) =>
        WithoutNulls(body["servers_config"] is JsonObject config && config["common_overrides"] is JsonObject common ? common : []);

    /// <summary>
    /// The stored <c>common_overrides</c> after a patch: unchanged without <c>servers_config.common_overrides</c>, emptied
    /// by <c>"common_overrides": null</c>, otherwise merged key by key.
    /// </summary>
    public static JsonObject MergeCommonOverrides(JsonObject current, JsonObject patch) =>
        patch["servers_config"] is JsonObject config && config.TryGetPropertyValue("common_overrides", out var common)
            ? common is JsonObject commonPatch ? MergeOverrides(current, commonPatch) : []
            : current;

    /// <summary>Per-key merge of override objects: a key present replaces, <c>null</c> removes.</summary>
    public static JsonObject MergeOverrides(JsonObject current, JsonObject patch) => JsonMergePatch.Apply(current, patch, depth: 1);

    /// <summary>The overrides patch that turns <paramref name="original"/> into <paramref name="edited"/> (the console's save).</summary>
    public static JsonObject DiffOverrides(JsonObject original, JsonObject edited) => JsonMergePatch.Diff(original, edited, depth: 1);

    public static JsonObject WithoutNulls(JsonObject overrides) =>
        new(overrides.Where(p => p.Value is not null).Select(p => KeyValuePair.Create<string, JsonNode?>(p.Key, p.Value!.DeepClone())));

    /// <summary>
    /// Applies the entries of a modify-gateway patch to a gateway's references. <paramref name="serverIds"/> resolves every
    /// entry's key; references detached are added to <paramref name="removed"/>; returns whether anything changed.
    /// </summary>
    public static bool ApplyEntries(Gateway gateway, IReadOnlyList<GatewayEntry> entries, IReadOnlyDictionary<ServerKey, string> serverIds, FieldErrors errors, List<GatewayServer> removed)
    {
        var changed = false;
        foreach (var entry in entries)
        {
            var serverId = serverIds[entry.Key];
            var reference = gateway.Servers.FirstOrDefault(s => s.ServerId == serverId);
            if (entry.Remove && reference is null)
            {
                errors.Add(JsonPath.Index(ServersPath, entry.Index), $"MCP registry server '{entry.Key.SavedName}' version '{entry.Key.ServerVersion}' is not attached to this gateway");
            }
            else if (entry.Remove)
            {
                gateway.Servers.Remove(reference!);
                removed.Add(reference!);
                changed = true;
            }
            else if (reference is null)
            {
                var position = gateway.Servers.Count == 0 ? 0 : gateway.Servers.Max(s => s.Position) + 1;
                gateway.Servers.Add(NewReference(gateway.Id, serverId, position, entry.Overrides));
                changed = true;
            }
            else
            {
                changed |= SetIfDifferent(reference.Overrides, MergeOverrides(reference.Overrides, entry.Overrides), merged => reference.Overrides = merged);
            }
        }

        return changed;
    }

    /// <summary>Sets the description and common overrides a patch names; returns whether either changed.</summary>
    public static bool ApplyFields(Gateway gateway, JsonObject patch, string? description)
    {
        var changed = false;
        if (patch.ContainsKey("description") && gateway.Description != description)
        {
            gateway.Description = description;
            changed = true;
        }

        var common = MergeCommonOverrides(gateway.CommonOverrides, patch);
        return SetIfDifferent(gateway.CommonOverrides, common, merged => gateway.CommonOverrides = merged) || changed;
    }

    /// <summary>A new reference of a gateway to a server, its overrides stored without nulls.</summary>
    public static GatewayServer NewReference(string gatewayId, string serverId, int position, JsonObject overrides) => new()
    {
        Id = Guid.CreateVersion7().ToString(),
        GatewayId = gatewayId,
        ServerId = serverId,
        Position = position,
        Overrides = WithoutNulls(overrides),
    };

    private static bool SetIfDifferent(JsonObject current, JsonObject updated, Action<JsonObject> set)
    {
        if (JsonNode.DeepEquals(current, updated))
        {
            return false;
        }

        set(updated);
        return true;
    }
}
