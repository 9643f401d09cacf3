using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Components.Shared;

/// <summary>
/// JSON schemas that Monaco uses for completion and as-you-type errors in the JSON editors. They are built from
/// Core's own lists (detectors, transports, OAuth keys and grant types), so the editor and the validator cannot
/// drift apart. They are a typing aid only: the service's validation stays the authority.
/// </summary>
public static class JsonEditorSchemas
{
    public const string Config = "config";
    public const string OAuthConfig = "oauth_config";
    public const string Tools = "tools";
    public const string DeniedTools = "denied_tools";
    public const string Guardrails = "guardrails";
    public const string OutputGuardrails = "output_guardrails";
    public const string McpConfig = "mcp_config";
    public const string Server = "server";
    public const string Bulk = "bulk";
    public const string Overrides = "overrides";
    public const string CommonOverrides = "common_overrides";

    private static readonly Lazy<JsonObject> Definitions = new(BuildDefinitions);

    private static readonly Dictionary<string, string> Cache = [];

    public static IReadOnlyList<string> All { get; } = [Config, OAuthConfig, Tools, DeniedTools, Guardrails, OutputGuardrails, McpConfig, Server, Bulk, Overrides, CommonOverrides];

    /// <summary>The schema document for an editor, as JSON text; null for an unknown id.</summary>
    public static string? For(string? id)
    {
        if (id is null || !All.Contains(id))
        {
            return null;
        }

        lock (Cache)
        {
            if (!Cache.TryGetValue(id, out var json))
            {
                json = new JsonObject
                {
                    ["$schema"] = "http://json-schema.org/draft-07/schema#",
                    ["$ref"] = "#/definitions/" + id,
                    ["definitions"] = Definitions.Value.DeepClone(),
                }.ToJsonString();
                Cache[id] = json;
            }

            return json;
        }
    }

    private static JsonObject BuildDefinitions()
    {
        var remote = ServerConfigValidator.RemoteTransports;
        var transports = new[] { Transports.Stdio }.Concat(remote).ToArray();
        return new JsonObject
        {
            [Config] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "How to start or reach the server: 'command' (stdio) or 'url' (remote), exactly one.",
                ["additionalProperties"] = false,
                ["properties"] = new JsonObject
                {
                    ["command"] = Described("string", "Executable of a stdio server, e.g. npx or uvx.", minLength: 1),
                    ["args"] = new JsonObject { ["type"] = "array", ["description"] = "Arguments of the command (stdio only).", ["items"] = new JsonObject { ["type"] = "string" } },
                    ["env"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["description"] = "Environment variables (stdio only). Values of names containing TOKEN, SECRET, PASSWORD, API_KEY... are stored encrypted.",
                        ["propertyNames"] = new JsonObject { ["pattern"] = ServerConfigValidator.EnvKeyPattern },
                        ["additionalProperties"] = new JsonObject { ["type"] = "string" },
                    },
                    ["url"] = Described("string", "Absolute http(s) URL of a remote server.", format: "uri"),
                    ["type"] = Enum(transports, $"Transport: {Transports.Stdio} with 'command'; {string.Join(", ", remote)} with 'url'."),
                    ["transport"] = Enum(transports, "Same as 'type' (either may be given; both must agree)."),
                    ["headers"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["description"] = "HTTP headers sent to a remote server. Authorization and token/key headers are stored encrypted.",
                        ["additionalProperties"] = new JsonObject { ["type"] = "string" },
                    },
                },
            },
            [OAuthConfig] = OAuthDefinition(),
            [Tools] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "Tool name -> description. {} means every tool the server offers.",
                ["additionalProperties"] = new JsonObject { ["type"] = "string" },
            },
            [DeniedTools] = new JsonObject
            {
                ["type"] = "array",
                ["description"] = "Tools the gateway refuses: a glob such as \"delete_*\", or {\"name\": glob, \"reason\", \"description\"}. \"*\" denies all but the keys of 'tools'.",
                ["items"] = new JsonObject
                {
                    ["anyOf"] = new JsonArray(
                        new JsonObject { ["type"] = "string", ["minLength"] = 1 },
                        new JsonObject
                        {
                            ["type"] = "object",
                            ["additionalProperties"] = false,
                            ["required"] = new JsonArray("name"),
                            ["properties"] = new JsonObject
                            {
                                ["name"] = Described("string", "Glob of the tool names denied.", minLength: 1),
                                ["reason"] = Described("string", "Why it is denied."),
                                ["description"] = Described("string", "Free text."),
                            },
                        }),
                },
            },
            [Guardrails] = GuardrailDefinition(GuardrailConfigValidator.Detectors),
            [OutputGuardrails] = GuardrailDefinition([.. GuardrailConfigValidator.Detectors, .. GuardrailConfigValidator.OutputOnlyDetectors]),
            [McpConfig] = new JsonObject
            {
                ["type"] = "object",
                ["additionalProperties"] = false,
                ["required"] = new JsonArray("config"),
                ["properties"] = new JsonObject
                {
                    ["config"] = Ref(Config),
                    ["oauth_config"] = NullableRef(OAuthConfig),
                    ["tools"] = NullableRef(Tools),
                    ["denied_tools"] = NullableRef(DeniedTools),
                    ["enable_server_info_validation"] = Described(["boolean", "null"], "Check the server's reported name and version against the registry."),
                    ["tool_guardrails_config"] = NullableRef(Guardrails),
                    ["input_guardrails_config"] = NullableRef(Guardrails),
                    ["output_guardrails_config"] = NullableRef(OutputGuardrails),
                },
            },
            // A gateway's overrides: only the keys Core lets a gateway override (GatewayExpansion.OverridableKeys).
            [Overrides] = OverridesDefinition(commonOnly: false),

            // Common overrides also take the gateway-wide keys (GatewayExpansion.CommonOnlyKeys).
            [CommonOverrides] = OverridesDefinition(commonOnly: true),
            [Server] = new JsonObject
            {
                ["type"] = "object",
                ["additionalProperties"] = false,
                ["required"] = new JsonArray("saved_name", "mcp_config"),
                ["properties"] = new JsonObject
                {
                    ["saved_name"] = Described("string", "Name in the registry; with server_version it identifies the server.", minLength: 1, maxLength: 128),
                    ["server_version"] = Described(["string", "null"], "Version in the registry (default v1).", maxLength: 128),
                    ["server_name"] = Described(["string", "null"], "Upstream package or display name."),
                    ["description"] = Described(["string", "null"], "What the server does.", maxLength: ServerBodyValidator.MaxDescriptionLength),
                    ["job_id"] = Described(["string", "null"], "UUID of a scan job."),
                    ["source_url"] = Described(["string", "null"], "Absolute http(s) URL of the source."),
                    ["source_version"] = Described(["string", "null"], "Version of the source."),
                    ["mcp_config"] = Ref(McpConfig),
                },
            },
            [Bulk] = new JsonObject
            {
                ["description"] = $"1 to {ServerService.MaxBulk} add-server bodies: an array, or {{\"servers\": [...]}}.",
                ["anyOf"] = new JsonArray(
                    new JsonObject { ["type"] = "array", ["maxItems"] = ServerService.MaxBulk, ["items"] = Ref(Server) },
                    new JsonObject
                    {
                        ["type"] = "object",
                        ["additionalProperties"] = false,
                        ["required"] = new JsonArray("servers"),
                        ["properties"] = new JsonObject
                        {
                            ["servers"] = new JsonObject { ["type"] = "array", ["minItems"] = 1, ["maxItems"] = ServerService.MaxBulk, ["items"] = Ref(Server) },
                        },
                    }),
            },
        };
    }

    private static JsonObject OAuthDefinition()
    {
        var properties = new JsonObject();
        foreach (var property in typeof(OAuthConfigBody).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonExtensionDataAttribute>() is not null)
            {
                continue;
            }

            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            properties[name] = name switch
            {
                "OAUTH_VERSION" => Enum(OAuthConfigValidator.Versions, "OAuth version."),
                "OAUTH_GRANT_TYPE" => Enum(OAuthConfigValidator.GrantTypes, "Grant type; authorization_code also needs OAUTH_AUTHORIZATION_URL."),
                "OAUTH_CLIENT_SECRET" => Described("string", "Client secret: stored encrypted and shown as ********; leave the mask to keep it."),
                _ => new JsonObject
                {
                    ["type"] = type == typeof(bool) ? "boolean" : type == typeof(int) ? "integer" : type == typeof(string) ? "string" : "object",
                },
            };
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["description"] = "OAuth for the server. When enabled: OAUTH_GRANT_TYPE, OAUTH_CLIENT_ID and OAUTH_TOKEN_URL are required. Extra OAUTH_* keys are kept.",
            ["properties"] = properties,
            ["patternProperties"] = new JsonObject { [OAuthConfigValidator.ExtraKeyPattern] = new JsonObject() },
            ["additionalProperties"] = false,
        };
    }

    private static JsonObject OverridesDefinition(bool commonOnly)
    {
        var properties = new JsonObject
        {
            [Core.Gateways.GatewayExpansion.InputGuardrails] = NullableRef(Guardrails),
            [Core.Gateways.GatewayExpansion.OutputGuardrails] = NullableRef(OutputGuardrails),
            [Core.Gateways.GatewayExpansion.ToolGuardrails] = NullableRef(Guardrails),
            [Core.Gateways.GatewayExpansion.ServerInfoValidation] = Described(["boolean", "null"], "Override server-info validation; false counts as set."),
        };
        if (commonOnly)
        {
            var serverTools = NullableRef(Guardrails);
            serverTools["description"] = "Gateway-wide guardrail for server info and tool listings (newer Enkrypt runtimes read only this key for tool checks).";
            properties[Core.Gateways.GatewayExpansion.ServerToolsGuardrails] = serverTools;
        }

        return new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = properties };
    }

    private static JsonObject GuardrailDefinition(IEnumerable<string> detectors) => new()
    {
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["properties"] = new JsonObject
        {
            ["enabled"] = Described("boolean", "Turns the guardrail on; then guardrail_name is required."),
            ["guardrail_name"] = Described("string", "Name of the guardrail policy."),
            ["additional_config"] = Described("object", "Extra settings passed to the guardrail."),
            ["block"] = new JsonObject
            {
                ["type"] = "array",
                ["description"] = "Detectors whose findings block the call.",
                ["uniqueItems"] = true,
                ["items"] = new JsonObject { ["enum"] = new JsonArray([.. detectors.Select(d => JsonValue.Create(d))]) },
            },
        },
        ["if"] = new JsonObject { ["properties"] = new JsonObject { ["enabled"] = new JsonObject { ["const"] = true } }, ["required"] = new JsonArray("enabled") },
        ["then"] = new JsonObject { ["required"] = new JsonArray("guardrail_name"), ["properties"] = new JsonObject { ["guardrail_name"] = new JsonObject { ["minLength"] = 1 } } },
    };

    private static JsonObject Ref(string id) => new() { ["$ref"] = "#/definitions/" + id };

    private static JsonObject NullableRef(string id) => new() { ["anyOf"] = new JsonArray(Ref(id), new JsonObject { ["type"] = "null" }) };

    private static JsonObject Enum(IEnumerable<string> values, string description) => new()
    {
        ["type"] = "string",
        ["enum"] = new JsonArray([.. values.Select(v => JsonValue.Create(v))]),
        ["description"] = description,
    };

    private static JsonObject Described(string type, string description, int? minLength = null, int? maxLength = null, string? format = null) =>
        Described([type], description, minLength, maxLength, format);

    private static JsonObject Described(string[] types, string description, int? minLength = null, int? maxLength = null, string? format = null)
    {
        var schema = new JsonObject
        {
            ["type"] = types.Length == 1 ? JsonValue.Create(types[0]) : new JsonArray([.. types.Select(t => JsonValue.Create(t))]),
            ["description"] = description,
        };
        if (minLength is not null)
        {
            schema["minLength"] = minLength;
        }

        if (maxLength is not null)
        {
            schema["maxLength"] = maxLength;
        }

        if (format is not null)
        {
            schema["format"] = format;
        }

        return schema;
    }
}
