using System.Text.Json.Nodes;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Core.Secrets;

/// <summary>
/// Which values of an <c>mcp_config</c> are secrets (API.md §2.3), and the three things done to them:
/// encrypt for storage, mask for display, decrypt for a runtime.
/// </summary>
public static class SecretRules
{
    public const string Mask = "********";

    private static readonly string[] SecretEnvMarkers = ["SECRET", "TOKEN", "PASSWORD", "PASSWD", "API_KEY", "APIKEY", "PRIVATE_KEY", "CREDENTIAL"];

    /// <summary>Suffixes that make an env key name a location (a path, file, directory or URL), not a secret.</summary>
    private static readonly string[] LocationSuffixes = ["_PATH", "_FILE", "_DIR", "_URL"];

    /// <summary>
    /// An env key is a secret when it names one (<c>GITHUB_TOKEN</c>), unless it names where something is
    /// (<c>GSHEETS_CREDENTIALS_PATH</c>, <c>TOKEN_URL</c>): a runtime must be able to read locations.
    /// </summary>
    public static bool IsSecretEnvKey(string key) =>
        SecretEnvMarkers.Any(m => key.Contains(m, StringComparison.OrdinalIgnoreCase))
        && !LocationSuffixes.Any(s => key.EndsWith(s, StringComparison.OrdinalIgnoreCase));

    public static bool IsSecretHeader(string name) =>
        name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase)
        || name.Contains("token", StringComparison.OrdinalIgnoreCase)
        || name.Contains("key", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every secret slot of an <c>mcp_config</c>: its parent object, key and path below <c>mcp_config</c>.</summary>
    public static IEnumerable<(JsonObject Parent, string Key, string Path)> Slots(JsonObject? mcpConfig)
    {
        if (mcpConfig is null)
        {
            yield break;
        }

        var config = mcpConfig["config"] as JsonObject;
        foreach (var slot in SecretValues(config?["env"], IsSecretEnvKey, "config.env"))
        {
            yield return slot;
        }

        foreach (var slot in SecretValues(config?["headers"], IsSecretHeader, "config.headers"))
        {
            yield return slot;
        }

        if (mcpConfig["oauth_config"] is JsonObject oauth)
        {
            if (oauth["OAUTH_CLIENT_SECRET"] is JsonValue)
            {
                yield return (oauth, "OAUTH_CLIENT_SECRET", "oauth_config.OAUTH_CLIENT_SECRET");
            }

            // Beyond API.md §2.3: a credential in the token request's custom headers is as secret as a remote header.
            if (oauth["OAUTH_CUSTOM_HEADERS"] is JsonObject customHeaders)
            {
                foreach (var slot in SecretValues(customHeaders, IsSecretHeader, "oauth_config.OAUTH_CUSTOM_HEADERS", stringsOnly: true))
                {
                    yield return slot;
                }
            }
        }
    }

    /// <summary>The values of <paramref name="node"/> (when it is an object) whose names mark them secret.</summary>
    private static IEnumerable<(JsonObject Parent, string Key, string Path)> SecretValues(JsonNode? node, Func<string, bool> isSecret, string path, bool stringsOnly = false)
    {
        if (node is not JsonObject values)
        {
            yield break;
        }

        foreach (var key in values.Select(p => p.Key).Where(isSecret).ToList())
        {
            if (values[key] is JsonValue value && (!stringsOnly || value.GetValueKind() == System.Text.Json.JsonValueKind.String))
            {
                yield return (values, key, $"{path}.{key}");
            }
        }
    }

    /// <summary>A copy with every secret replaced by <see cref="Mask"/>.</summary>
    public static JsonObject Masked(JsonObject mcpConfig)
    {
        var copy = (JsonObject)mcpConfig.DeepClone();
        foreach (var (parent, key, _) in Slots(copy))
        {
            parent[key] = Mask;
        }

        return copy;
    }

    /// <summary>A copy with every secret encrypted.</summary>
    public static JsonObject Protected(JsonObject plain, ISecretProtector protector)
    {
        var copy = (JsonObject)plain.DeepClone();
        foreach (var (parent, key, _) in Slots(copy))
        {
            parent[key] = protector.Protect(parent[key]!.GetValue<string>());
        }

        return copy;
    }

    /// <summary>A copy with every secret decrypted.</summary>
    public static JsonObject Revealed(JsonObject stored, ISecretProtector protector)
    {
        var copy = (JsonObject)stored.DeepClone();
        foreach (var (parent, key, _) in Slots(copy))
        {
            parent[key] = protector.Unprotect(parent[key]!.GetValue<string>());
        }

        return copy;
    }

    /// <summary>
    /// Replaces each <see cref="Mask"/> sent back in <paramref name="incoming"/> by the value stored at the same place,
    /// so a read-edit-write round trip loses nothing. A mask where nothing is stored is an error, and so is a mask for a
    /// secret whose destination the change moves (<see cref="SecretDestinations"/>): a secret never follows a new
    /// destination without being entered again.
    /// </summary>
    public static void RestoreMasked(JsonObject incoming, JsonObject? previousPlain, string prefix, FieldErrors errors, JsonObject? patch = null)
    {
        var previous = Slots(previousPlain).ToDictionary(s => s.Path, s => s.Parent[s.Key]!.GetValue<string>(), StringComparer.Ordinal);
        var moved = SecretDestinations.AffectedSecrets(previousPlain, incoming, prefix: string.Empty);
        foreach (var (parent, key, path) in Slots(incoming).ToList())
        {
            // A stored secret the patch did not touch at all (its whole section was kept) follows a new destination just
            // as a mask would: refuse it the same way.
            if (patch is not null && moved.TryGetValue(path, out var movedTo) && !patch.ContainsKey(path.Split('.')[0])
                && previous.TryGetValue(path, out var untouched) && parent[key] is JsonValue same && same.TryGetValue<string>(out var sameText) && sameText == untouched)
            {
                errors.Add(JsonPath.Combine(prefix, path), $"{SecretDestinations.Message} ('{JsonPath.Combine(prefix, movedTo)}' changed)");
                continue;
            }

            if (parent[key] is JsonValue value && value.TryGetValue<string>(out var text) && text == Mask)
            {
                if (moved.TryGetValue(path, out var destination))
                {
                    errors.Add(JsonPath.Combine(prefix, path), $"{SecretDestinations.Message} ('{JsonPath.Combine(prefix, destination)}' changed)");
                }
                else if (previous.TryGetValue(path, out var kept))
                {
                    parent[key] = kept;
                }
                else
                {
                    errors.Add(JsonPath.Combine(prefix, path), "is the mask of a stored secret, but no secret is stored here: send the real value");
                }
            }
        }
    }
}
