using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace RegistryConsole.Core.Servers;

// The typed view of an add-server body, used only to check it. What is stored is the JSON as written,
// so key order and extra OAUTH_* keys survive a round trip.

/// <summary>The add-server body (API.md §2), also the full document a modify is merged into.</summary>
public sealed record ServerBody
{
    public string? SavedName { get; init; }

    public string? ServerVersion { get; init; }

    public string? ServerName { get; init; }

    public string? Description { get; init; }

    public string? JobId { get; init; }

    public string? SourceUrl { get; init; }

    public string? SourceVersion { get; init; }

    public McpConfigBody? McpConfig { get; init; }
}

/// <summary><c>mcp_config</c> (API.md §2.1).</summary>
public sealed record McpConfigBody
{
    public ServerConfigBody? Config { get; init; }

    public OAuthConfigBody? OauthConfig { get; init; }

    public Dictionary<string, string>? Tools { get; init; }

    public List<DeniedToolBody>? DeniedTools { get; init; }

    public bool? EnableServerInfoValidation { get; init; }

    public GuardrailConfigBody? ToolGuardrailsConfig { get; init; }

    public GuardrailConfigBody? InputGuardrailsConfig { get; init; }

    public GuardrailConfigBody? OutputGuardrailsConfig { get; init; }
}

/// <summary><c>mcp_config.config</c>: a stdio command or a remote URL.</summary>
public sealed record ServerConfigBody
{
    public string? Command { get; init; }

    public List<string>? Args { get; init; }

    public Dictionary<string, string>? Env { get; init; }

    public string? Url { get; init; }

    public string? Type { get; init; }

    public string? Transport { get; init; }

    public Dictionary<string, string>? Headers { get; init; }
}

/// <summary><c>mcp_config.oauth_config</c>. Extra keys land in <see cref="Extra"/> and must be <c>OAUTH_*</c>.</summary>
public sealed record OAuthConfigBody
{
    public bool? Enabled { get; init; }

    public bool? IsRemote { get; init; }

    [JsonPropertyName("OAUTH_VERSION")] public string? Version { get; init; }

    [JsonPropertyName("OAUTH_GRANT_TYPE")] public string? GrantType { get; init; }

    [JsonPropertyName("OAUTH_CLIENT_ID")] public string? ClientId { get; init; }

    [JsonPropertyName("OAUTH_CLIENT_SECRET")] public string? ClientSecret { get; init; }

    [JsonPropertyName("OAUTH_TOKEN_URL")] public string? TokenUrl { get; init; }

    [JsonPropertyName("OAUTH_AUTHORIZATION_URL")] public string? AuthorizationUrl { get; init; }

    [JsonPropertyName("OAUTH_REDIRECT_URI")] public string? RedirectUri { get; init; }

    [JsonPropertyName("OAUTH_AUDIENCE")] public string? Audience { get; init; }

    [JsonPropertyName("OAUTH_ORGANIZATION")] public string? Organization { get; init; }

    [JsonPropertyName("OAUTH_SCOPE")] public string? Scope { get; init; }

    [JsonPropertyName("OAUTH_RESOURCE")] public string? Resource { get; init; }

    [JsonPropertyName("OAUTH_REVOCATION_URL")] public string? RevocationUrl { get; init; }

    [JsonPropertyName("OAUTH_CODE_CHALLENGE_METHOD")] public string? CodeChallengeMethod { get; init; }

    [JsonPropertyName("OAUTH_USE_PKCE")] public bool? UsePkce { get; init; }

    [JsonPropertyName("OAUTH_USE_BASIC_AUTH")] public bool? UseBasicAuth { get; init; }

    [JsonPropertyName("OAUTH_ENFORCE_HTTPS")] public bool? EnforceHttps { get; init; }

    [JsonPropertyName("OAUTH_TOKEN_IN_HEADER_ONLY")] public bool? TokenInHeaderOnly { get; init; }

    [JsonPropertyName("OAUTH_VALIDATE_SCOPES")] public bool? ValidateScopes { get; init; }

    [JsonPropertyName("OAUTH_USE_MTLS")] public bool? UseMtls { get; init; }

    [JsonPropertyName("OAUTH_TOKEN_EXPIRY_BUFFER")] public int? TokenExpiryBuffer { get; init; }

    [JsonPropertyName("OAUTH_CLIENT_CERT_PATH")] public string? ClientCertPath { get; init; }

    [JsonPropertyName("OAUTH_CLIENT_KEY_PATH")] public string? ClientKeyPath { get; init; }

    [JsonPropertyName("OAUTH_CA_BUNDLE_PATH")] public string? CaBundlePath { get; init; }

    [JsonPropertyName("OAUTH_ADDITIONAL_PARAMS")] public JsonObject? AdditionalParams { get; init; }

    [JsonPropertyName("OAUTH_CUSTOM_HEADERS")] public JsonObject? CustomHeaders { get; init; }

    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>A <c>denied_tools</c> entry: a glob string, or an object with a glob name.</summary>
[JsonConverter(typeof(DeniedToolBodyConverter))]
public sealed record DeniedToolBody
{
    /// <summary>Enkrypt's own docs write <c>pattern</c>; its runtime matches on <c>name</c> only, so accepting it would deny nothing.</summary>
    public const string PatternMessage =
        "use 'name' for the glob, not 'pattern': the gateway runtime matches denied tools on 'name' only, so 'pattern' would deny nothing";

    public string? Name { get; init; }

    public string? Reason { get; init; }

    public string? Description { get; init; }

    /// <summary>True when the entry was written as a bare string.</summary>
    [JsonIgnore] public bool IsGlobString { get; init; }

    /// <summary>Unknown or mistyped members of the object form, reported by the validator under their path.</summary>
    [JsonIgnore] public IReadOnlyList<(string Field, string Message)> Problems { get; init; } = [];
}

/// <summary>A guardrail config (API.md §2.2).</summary>
public sealed record GuardrailConfigBody
{
    public bool? Enabled { get; init; }

    public string? GuardrailName { get; init; }

    public JsonObject? AdditionalConfig { get; init; }

    public List<string>? Block { get; init; }
}

internal sealed class DeniedToolBodyConverter : JsonConverter<DeniedToolBody>
{
    public override DeniedToolBody? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new DeniedToolBody { Name = reader.GetString(), IsGlobString = true };
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("must be a glob string or an object with a 'name'");
        }

        string? name = null, reason = null, description = null;
        var problems = new List<(string Field, string Message)>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString() ?? string.Empty;
            reader.Read();
            string? value = null;
            if (reader.TokenType == JsonTokenType.String)
            {
                value = reader.GetString();
            }
            else if (reader.TokenType != JsonTokenType.Null)
            {
                reader.Skip();
                problems.Add((property, "has the wrong type: expected a string"));
            }

            switch (property)
            {
                case "name": name = value; break;
                case "reason": reason = value; break;
                case "description": description = value; break;
                case "pattern": problems.Add((property, DeniedToolBody.PatternMessage)); break;
                default: problems.Add((property, "unknown field")); break;
            }
        }

        return new DeniedToolBody { Name = name, Reason = reason, Description = description, Problems = problems };
    }

    public override void Write(Utf8JsonWriter writer, DeniedToolBody value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Denied tools are written from the stored JSON, never from this type.");
}
