using System.Text.Json.Nodes;

namespace RegistryConsole.Core.Common;

/// <summary>
/// The size limits of everything a client sends (issue 8, finding 9), in one place: the services check every body
/// against them (<see cref="Check"/>, run by <see cref="StrictJson"/> before anything else), and the OpenAPI document
/// and docs/security.md print them. A string is limited by the name of its field (or, for the values of a map such as
/// <c>env</c> or <c>headers</c>, by the name of the map); a field not listed gets <see cref="DefaultStringLength"/>.
/// </summary>
public static class InputLimits
{
    public const int NameLength = 128;
    public const int DescriptionLength = 4000;
    public const int ServerNameLength = 256;
    public const int UrlLength = 2048;
    public const int CommandLength = 1024;
    public const int ArgLength = 4096;
    public const int SecretValueLength = 8192;
    public const int HeaderValueLength = 8192;
    public const int KeyLength = 256;
    public const int DefaultStringLength = 2048;

    public const int MaxArgs = 256;
    public const int MaxEnv = 256;
    public const int MaxHeaders = 64;
    public const int MaxTools = 1000;
    public const int MaxDeniedTools = 1000;
    public const int MaxBlock = 32;
    public const int MaxGatewayServers = 1000;
    public const int DefaultMaxItems = 256;
    public const int MaxDepth = 16;

    /// <summary>The longest value of each named string field.</summary>
    public static readonly IReadOnlyDictionary<string, int> StringFields = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["saved_name"] = NameLength,
        ["server_version"] = NameLength,
        ["gateway_saved_name"] = NameLength,
        ["gateway_version"] = NameLength,
        ["source_version"] = NameLength,
        ["guardrail_name"] = NameLength,
        ["job_id"] = 64,
        ["server_name"] = ServerNameLength,
        ["description"] = DescriptionLength,
        ["note"] = DescriptionLength,
        ["reason"] = DescriptionLength,
        ["source_url"] = UrlLength,
        ["url"] = UrlLength,
        ["OAUTH_TOKEN_URL"] = UrlLength,
        ["OAUTH_AUTHORIZATION_URL"] = UrlLength,
        ["OAUTH_REVOCATION_URL"] = UrlLength,
        ["OAUTH_REDIRECT_URI"] = UrlLength,
        ["OAUTH_CLIENT_SECRET"] = SecretValueLength,
        ["command"] = CommandLength,
    };

    /// <summary>The longest value inside each named map or array (<c>env.X</c>, <c>args[3]</c>, <c>tools.read_file</c>).</summary>
    public static readonly IReadOnlyDictionary<string, int> ItemStrings = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["args"] = ArgLength,
        ["env"] = SecretValueLength,
        ["headers"] = HeaderValueLength,
        ["OAUTH_CUSTOM_HEADERS"] = HeaderValueLength,
        ["tools"] = DescriptionLength,
        ["denied_tools"] = NameLength * 2,
        ["block"] = NameLength,
    };

    /// <summary>The most items of each named array or map.</summary>
    public static readonly IReadOnlyDictionary<string, int> ItemCounts = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["args"] = MaxArgs,
        ["env"] = MaxEnv,
        ["headers"] = MaxHeaders,
        ["OAUTH_CUSTOM_HEADERS"] = MaxHeaders,
        ["tools"] = MaxTools,
        ["denied_tools"] = MaxDeniedTools,
        ["block"] = MaxBlock,
        ["servers"] = MaxGatewayServers,
    };

    public static int MaxLengthOf(string field) => StringFields.TryGetValue(field, out var max) ? max : DefaultStringLength;

    public static int MaxItemsOf(string field) => ItemCounts.TryGetValue(field, out var max) ? max : DefaultMaxItems;

    /// <summary>Adds an error at the path of each string, key, array or object of <paramref name="node"/> over its limit.</summary>
    public static void Check(JsonNode? node, string prefix, FieldErrors errors) => Walk(node, prefix, field: null, parent: null, depth: 0, errors);

    private static void Walk(JsonNode? node, string path, string? field, string? parent, int depth, FieldErrors errors)
    {
        var at = string.IsNullOrEmpty(path) ? "body" : path;
        if (depth > MaxDepth)
        {
            errors.Add(at, $"is nested too deeply (at most {MaxDepth} levels)");
            return;
        }

        switch (node)
        {
            case JsonObject obj:
                WalkObject(obj, path, at, field, depth, errors);
                break;
            case JsonArray array:
                WalkArray(array, path, at, field, depth, errors);
                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                var max = parent is not null && ItemStrings.TryGetValue(parent, out var itemMax) && (field is null || !StringFields.ContainsKey(field))
                    ? itemMax
                    : MaxLengthOf(field ?? string.Empty);
                if (text.Length > max)
                {
                    errors.Add(at, $"must be at most {max} characters (got {text.Length})");
                }

                break;
        }
    }

    private static void WalkObject(JsonObject obj, string path, string at, string? field, int depth, FieldErrors errors)
    {
        if (field is not null && obj.Count > MaxItemsOf(field))
        {
            errors.Add(at, $"must hold at most {MaxItemsOf(field)} entries (got {obj.Count})");
            return;
        }

        foreach (var (key, child) in obj)
        {
            if (key.Length > KeyLength)
            {
                errors.Add(JsonPath.Combine(path, key[..32] + "…"), $"names must be at most {KeyLength} characters");
                continue;
            }

            Walk(child, JsonPath.Combine(path, key), key, field, depth + 1, errors);
        }
    }

    private static void WalkArray(JsonArray array, string path, string at, string? field, int depth, FieldErrors errors)
    {
        if (field is not null && array.Count > MaxItemsOf(field))
        {
            errors.Add(at, $"must hold at most {MaxItemsOf(field)} items (got {array.Count})");
            return;
        }

        for (var i = 0; i < array.Count; i++)
        {
            // An item of an array is limited like a value of the array's field (denied_tools[2], block[0]).
            Walk(array[i], JsonPath.Index(path, i), array[i] is JsonObject ? null : field, field, depth + 1, errors);
        }
    }
}
