using System.Text.Json.Nodes;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Core.Secrets;

/// <summary>
/// One place a secret is sent that differs between two <c>mcp_config</c>s: the field that moved (<see cref="DestinationPath"/>)
/// and every secret of the new config that now goes there (<see cref="SecretPaths"/>). Paths are full JSON paths
/// from the server body (<c>mcp_config.config.url</c>, <c>mcp_config.config.headers.Authorization</c>).
/// </summary>
public sealed record SecretDestinationChange(string DestinationPath, IReadOnlyList<string> SecretPaths);

/// <summary>
/// "A secret follows its destination, never the other way" (API.md §2.3): which secrets a change sends somewhere new.
/// A destination is the scheme, host and port of the remote <c>url</c> (secret headers; OAuth secrets too when no
/// <c>OAUTH_TOKEN_URL</c> is set, since the token endpoint is then discovered from the server), the origin of
/// <c>OAUTH_TOKEN_URL</c>, <c>OAUTH_AUTHORIZATION_URL</c> or <c>OAUTH_REVOCATION_URL</c> (the client secret and the
/// secret OAuth custom headers), and the stdio <c>command</c> (every secret env value). Pure: no I/O, no secrets read.
/// </summary>
public static class SecretDestinations
{
    public const string Message = "destination changed: enter the secret again";

    /// <summary>The OAuth URLs whose origin receives the OAuth secrets.</summary>
    public static readonly IReadOnlyList<string> OAuthUrlKeys = ["OAUTH_TOKEN_URL", "OAUTH_AUTHORIZATION_URL", "OAUTH_REVOCATION_URL"];

    /// <summary>
    /// Every destination that differs between <paramref name="before"/> (stored) and <paramref name="after"/> (new) and
    /// receives at least one secret of <paramref name="after"/>. Nothing when <paramref name="before"/> is null (a new
    /// server: no stored secret can follow anything). A destination that appears or disappears counts as changed.
    /// </summary>
    public static IReadOnlyList<SecretDestinationChange> Changed(JsonObject? before, JsonObject? after, string prefix = "mcp_config")
    {
        if (before is null || after is null)
        {
            return [];
        }

        var secrets = SecretRules.Slots(after).Select(s => s.Path).ToList();
        var headerSecrets = secrets.Where(p => p.StartsWith("config.headers.", StringComparison.Ordinal)).ToList();
        var envSecrets = secrets.Where(p => p.StartsWith("config.env.", StringComparison.Ordinal)).ToList();
        var oauthSecrets = secrets.Where(p => p.StartsWith("oauth_config.", StringComparison.Ordinal)).ToList();
        var tokenUrlSet = !string.IsNullOrWhiteSpace(Text(after, "oauth_config", "OAUTH_TOKEN_URL"));

        var changes = new List<SecretDestinationChange>();
        void Add(string destination, IEnumerable<string> paths)
        {
            var list = paths.Select(p => JsonPath.Combine(prefix, p)).ToList();
            if (list.Count > 0)
            {
                changes.Add(new(JsonPath.Combine(prefix, destination), list));
            }
        }

        if (!SameOrigin(Text(before, "config", "url"), Text(after, "config", "url")))
        {
            Add("config.url", tokenUrlSet ? headerSecrets : headerSecrets.Concat(oauthSecrets));
        }

        foreach (var key in OAuthUrlKeys)
        {
            if (!SameOrigin(Text(before, "oauth_config", key), Text(after, "oauth_config", key)))
            {
                Add($"oauth_config.{key}", oauthSecrets);
            }
        }

        if (!string.Equals(Text(before, "config", "command"), Text(after, "config", "command"), StringComparison.Ordinal))
        {
            Add("config.command", envSecrets);
        }

        return changes;
    }

    /// <summary>The secret paths of <see cref="Changed"/>, each once, with the first destination that moved it.</summary>
    public static IReadOnlyDictionary<string, string> AffectedSecrets(JsonObject? before, JsonObject? after, string prefix = "mcp_config")
    {
        var affected = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var change in Changed(before, after, prefix))
        {
            foreach (var path in change.SecretPaths)
            {
                affected.TryAdd(path, change.DestinationPath);
            }
        }

        return affected;
    }

    /// <summary>
    /// Same scheme, host and port (the default port of the scheme when none is written). Two values that are not
    /// absolute URLs are the same only when equal as text; null and empty are the same (no destination).
    /// </summary>
    public static bool SameOrigin(string? before, string? after)
    {
        before = string.IsNullOrWhiteSpace(before) ? null : before.Trim();
        after = string.IsNullOrWhiteSpace(after) ? null : after.Trim();
        if (before is null || after is null)
        {
            return before is null && after is null;
        }

        if (Uri.TryCreate(before, UriKind.Absolute, out var a) && Uri.TryCreate(after, UriKind.Absolute, out var b))
        {
            return string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
                && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
                && a.Port == b.Port;
        }

        return string.Equals(before, after, StringComparison.Ordinal);
    }

    private static string? Text(JsonObject root, string section, string key) =>
        root[section] is JsonObject parent && parent[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
