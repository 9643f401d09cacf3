using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RegistryConsole.Api;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Infrastructure.OpenApi;

/// <summary>
/// Adds to the generated schemas the rules that live in validators rather than in the types: required fields, patterns,
/// allowed values, the two shapes of a denied tool, and the <c>OAUTH_*</c> extra keys.
/// </summary>
public sealed class RegistrySchemaTransformer : IOpenApiSchemaTransformer
{
    public async Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        // Called for every schema node, nested ones included (then with the property that holds it).
        var type = context.JsonTypeInfo.Type;
        if (type.Name.EndsWith("Body", StringComparison.Ordinal) || type == typeof(RegistryConsole.Core.Reviews.ReviewRequest))
        {
            Limits(schema);
        }

        if (type == typeof(ServerBody))
        {
            schema.Description = "A registry server as written on add-server (API.md §2). Unknown fields are rejected.";
            schema.Required = new HashSet<string> { "saved_name", "mcp_config" };
            Identifier(Property(schema, "saved_name"));
            Property(schema, "saved_name").Type = JsonSchemaType.String;
            Identifier(Property(schema, "server_version"), Identifiers.DefaultVersion);
            Property(schema, "description").MaxLength = ServerBodyValidator.MaxDescriptionLength;
            Property(schema, "job_id").Format = "uuid";
            Property(schema, "source_url").Format = "uri";
        }
        else if (type == typeof(ModifyServerBody))
        {
            schema.Description = "A modify-server patch: only fields present change; inside mcp_config each key present replaces that key, null clears it.";
            Property(schema, "saved_name").Pattern = Identifiers.RegexPattern;
            Property(schema, "server_version").Pattern = Identifiers.RegexPattern;
            Property(schema, "is_active").Enum = [JsonValue.Create(true)];
        }
        else if (type == typeof(McpConfigBody))
        {
            schema.Description = "mcp_config (API.md §2.1). `config` is required on add-server.";
            Property(schema, "tools").Description = "Tool name → description. `{}` means every tool the server offers.";
            var denied = Property(schema, "denied_tools");
            denied.Type = JsonSchemaType.Array;
            denied.Description = "Glob strings (`delete_*`) or `{name, reason?, description?}` objects; `\"*\"` denies all but the keys of `tools`.";
            denied.Items = new OpenApiSchema
            {
                OneOf =
                [
                    new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1 },
                    new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "name" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["name"] = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1 },
                            ["reason"] = new OpenApiSchema { Type = JsonSchemaType.String },
                            ["description"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        },
                        AdditionalPropertiesAllowed = false,
                    },
                ],
            };
        }
        else if (type == typeof(ServerConfigBody))
        {
            schema.Description = "Stdio (`command`, `args`, `env`) or remote (`url`, `type`/`transport`, `headers`): exactly one of `command` and `url`; stdio and remote keys do not mix.";
            Strings(Property(schema, "type"), ["stdio", .. ServerConfigValidator.RemoteTransports]);
            Strings(Property(schema, "transport"), ["stdio", .. ServerConfigValidator.RemoteTransports]);
            Property(schema, "url").Format = "uri";
            Property(schema, "env").PropertyNames = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[A-Za-z_][A-Za-z0-9_]*$" };
        }
        else if (type == typeof(OAuthConfigBody))
        {
            schema.Description = "OAuth settings. When `enabled`: grant type, client id and token URL are required; `authorization_code` also needs the authorization URL. Other `OAUTH_[A-Z0-9_]+` keys are kept as given.";
            Strings(Property(schema, "OAUTH_VERSION"), ["2.0", "2.1"]);
            Strings(Property(schema, "OAUTH_GRANT_TYPE"), [OAuthConfigValidator.ClientCredentials, OAuthConfigValidator.AuthorizationCode]);
            Property(schema, "OAUTH_TOKEN_EXPIRY_BUFFER").Minimum = "0";
            schema.AdditionalProperties = null;
            schema.PatternProperties = new Dictionary<string, IOpenApiSchema> { ["^OAUTH_[A-Z0-9_]+$"] = new OpenApiSchema() };
        }
        else if (type == typeof(GuardrailConfigBody))
        {
            schema.Description = $"A guardrail config (API.md §2.2). `guardrail_name` is required when `enabled`. {string.Join(", ", GuardrailConfigValidator.OutputOnlyDetectors)} are allowed in output_guardrails_config only.";
            var block = Property(schema, "block");
            if (block.Items is OpenApiSchema items)
            {
                Strings(items, [.. GuardrailConfigValidator.Detectors, .. GuardrailConfigValidator.OutputOnlyDetectors]);
            }
        }
        else if (type == typeof(ServerDto))
        {
            schema.Description = "A registry server as stored (API.md §2); secrets are shown as `********`.";
            schema.Properties!["mcp_config"] = await context.GetOrCreateSchemaAsync(typeof(McpConfigBody), null, cancellationToken);
            Strings(Property(schema, "review_status"), ReviewStatuses.All);
            Property(schema, "revision").Description = "+1 on every change; the ETag is the revision in quotes.";
        }
        else if (type == typeof(CreateApiKeyRequest))
        {
            schema.Required = new HashSet<string> { "name", "role" };
            Property(schema, "name").MaxLength = 128;
            Strings(Property(schema, "role"), RoleNames.All);
        }
        else if (type == typeof(ApiKeyDto) || type == typeof(CreatedApiKey))
        {
            Strings(Property(schema, "role"), RoleNames.All);
        }
        else if (type == typeof(CreateUserRequest))
        {
            schema.Required = new HashSet<string> { "email", "display_name", "role", "password" };
            Property(schema, "email").MaxLength = UserRules.MaxEmailLength;
            Property(schema, "display_name").MaxLength = UserRules.MaxDisplayNameLength;
            Property(schema, "password").MaxLength = UserRules.MaxPasswordLength;
            Strings(Property(schema, "role"), UserRules.ConsoleRoles);
        }
        else if (type == typeof(ModifyUserRequest))
        {
            Property(schema, "display_name").MaxLength = UserRules.MaxDisplayNameLength;
            Property(schema, "password").MaxLength = UserRules.MaxPasswordLength;
            Strings(Property(schema, "role"), UserRules.ConsoleRoles);
        }
        else if (type == typeof(UserDto))
        {
            Strings(Property(schema, "role"), UserRules.ConsoleRoles);
        }
        else if (type == typeof(ApiProblem))
        {
            schema.Description = "The one error body (API.md §1.3), `application/problem+json`: RFC 9457 fields plus `code`/`error`/`message`.";
            schema.Required = new HashSet<string> { "type", "title", "status", "detail", "code", "error", "message", "request_id" };
            Property(schema, "error").Type = JsonSchemaType.String;
            Property(schema, "message").Type = JsonSchemaType.String;
            Property(schema, "request_id").Type = JsonSchemaType.String;
            Property(schema, "errors").Description = "Validation failures only: messages keyed by the JSON path of the offending field (`servers[3].mcp_config.config.url`) or by the header or query parameter name.";
        }
    }

    /// <summary>The limits of <see cref="InputLimits"/> on the request bodies: maxLength, maxItems, maxProperties.</summary>
    private static void Limits(OpenApiSchema schema)
    {
        foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (property is not OpenApiSchema concrete || concrete.Type is not { } kind)
            {
                continue;
            }

            if (kind.HasFlag(JsonSchemaType.String))
            {
                concrete.MaxLength = InputLimits.MaxLengthOf(name);
            }
            else if (kind.HasFlag(JsonSchemaType.Array))
            {
                concrete.MaxItems = InputLimits.MaxItemsOf(name);
                if (concrete.Items is OpenApiSchema { Type: { } itemKind } items && itemKind.HasFlag(JsonSchemaType.String))
                {
                    items.MaxLength = InputLimits.ItemStrings.GetValueOrDefault(name, InputLimits.DefaultStringLength);
                }
            }
            else if (kind.HasFlag(JsonSchemaType.Object) && InputLimits.ItemCounts.ContainsKey(name))
            {
                concrete.MaxProperties = InputLimits.MaxItemsOf(name);
                if (concrete.AdditionalProperties is OpenApiSchema { Type: { } valueKind } values && valueKind.HasFlag(JsonSchemaType.String))
                {
                    values.MaxLength = InputLimits.ItemStrings.GetValueOrDefault(name, InputLimits.DefaultStringLength);
                }
            }
        }
    }

    private static OpenApiSchema Property(OpenApiSchema schema, string name) =>
        schema.Properties?.TryGetValue(name, out var property) == true && property is OpenApiSchema concrete
            ? concrete
            : throw new InvalidOperationException($"The schema has no property '{name}'; keep RegistrySchemaTransformer in step with the type.");

    private static void Identifier(OpenApiSchema schema, string? defaultValue = null)
    {
        schema.Pattern = Identifiers.RegexPattern;
        if (defaultValue is not null)
        {
            schema.Default = defaultValue;
        }
    }

    private static void Strings(OpenApiSchema schema, IEnumerable<string> values)
    {
        var allowed = values.Select(v => (JsonNode?)JsonValue.Create(v)).ToList();
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.Null))
        {
            allowed.Add(null);
        }

        schema.Enum = allowed!;
    }
}
