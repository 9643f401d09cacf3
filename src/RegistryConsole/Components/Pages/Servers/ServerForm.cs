using System.Text.Json;
using System.Text.Json.Nodes;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Components.Pages.Servers;

/// <summary>
/// The add / edit form as text: one string per scalar field, one JSON text per <c>mcp_config</c> section.
/// It only turns text into the add-server body (and back); every rule about the body is the service's.
/// </summary>
public sealed class ServerForm
{
    public static readonly IReadOnlyList<(string Key, string Label)> ScalarFields =
    [
        ("saved_name", "Saved name"),
        ("server_version", "Server version"),
        ("server_name", "Server name"),
        ("description", "Description"),
        ("job_id", "Job id"),
        ("source_url", "Source URL"),
        ("source_version", "Source version"),
    ];

    private static readonly JsonDocumentOptions Strict = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    private JsonNode? _originalServerInfoValidation;

    public Dictionary<string, string> Scalars { get; } = ScalarFields.ToDictionary(f => f.Key, _ => string.Empty, StringComparer.Ordinal);

    public Dictionary<string, string> Sections { get; } = McpSections.Editors.ToDictionary(s => s.Key, _ => string.Empty, StringComparer.Ordinal);

    public bool ServerInfoValidation { get; set; }

    /// <summary>Keys of <c>mcp_config</c> the form has no editor for; kept as they are so nothing is dropped.</summary>
    public JsonObject OtherMcpConfig { get; } = [];

    /// <summary>A blank form for a new server, with a stdio config to start from.</summary>
    public static ServerForm New()
    {
        var form = new ServerForm();
        form.Sections["config"] = "{\n  \"command\": \"\",\n  \"args\": [],\n  \"env\": {}\n}";
        return form;
    }

    /// <summary>The add-server body of a server as read (secrets arrive masked and stay masked).</summary>
    public static JsonObject BodyOf(ServerDto server) => new()
    {
        ["saved_name"] = server.SavedName,
        ["server_version"] = server.ServerVersion,
        ["server_name"] = server.ServerName,
        ["description"] = server.Description,
        ["job_id"] = server.JobId,
        ["source_url"] = server.SourceUrl,
        ["source_version"] = server.SourceVersion,
        ["mcp_config"] = server.McpConfig.DeepClone(),
    };

    /// <summary>
    /// Fills a form from a body. Returns the paths the form cannot show (unknown top-level keys, a non-string name,
    /// an <c>mcp_config</c> that is not an object); the caller keeps the whole-JSON view when there are any.
    /// </summary>
    public static (ServerForm Form, IReadOnlyList<string> Unrepresentable) FromBody(JsonObject body)
    {
        var form = new ServerForm();
        var unrepresentable = new List<string>();
        foreach (var (key, value) in body)
        {
            if (key == McpSections.McpConfig)
            {
                if (value is JsonObject mcpConfig)
                {
                    form.ReadMcpConfig(mcpConfig, unrepresentable);
                }
                else if (value is not null)
                {
                    unrepresentable.Add(key);
                }

                continue;
            }

            if (!form.Scalars.ContainsKey(key))
            {
                unrepresentable.Add(key);
            }
            else if (value is null)
            {
                form.Scalars[key] = string.Empty;
            }
            else if (value is JsonValue text && text.TryGetValue<string>(out var s))
            {
                form.Scalars[key] = s;
            }
            else
            {
                unrepresentable.Add(key);
            }
        }

        return (form, unrepresentable);
    }

    /// <summary>
    /// The add-server body. Empty optional fields and sections are left out (on add) or sent as null (the diff turns
    /// that into "clear"); a section that is not valid JSON is reported against its editor instead.
    /// </summary>
    public (JsonObject Body, IReadOnlyDictionary<string, JsonEditorError> SyntaxErrors) ToBody()
    {
        var body = new JsonObject();
        foreach (var (key, _) in ScalarFields)
        {
            var value = Scalars[key];
            body[key] = key == "saved_name" ? value.Trim() : string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }

        var errors = new Dictionary<string, JsonEditorError>(StringComparer.Ordinal);
        var mcpConfig = new JsonObject();
        foreach (var section in McpSections.Editors)
        {
            var text = Sections[section.Key];
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var node = JsonText.Parse(text, out var syntax, Strict);
            if (syntax is not null)
            {
                errors[section.Key] = syntax;
            }
            else if (node is not null)
            {
                mcpConfig[section.Key] = node;
            }
        }

        var original = _originalServerInfoValidation is JsonValue v && v.TryGetValue<bool>(out var on) ? on : (bool?)null;
        if (original is not null || ServerInfoValidation)
        {
            mcpConfig[McpSections.ServerInfoValidation] = ServerInfoValidation;
        }

        foreach (var (key, value) in OtherMcpConfig)
        {
            mcpConfig[key] = value?.DeepClone();
        }

        body[McpSections.McpConfig] = mcpConfig;
        return (body, errors);
    }

    /// <summary>The body of an add: the form's body without the fields left empty.</summary>
    public static JsonObject WithoutNulls(JsonObject body)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in body)
        {
            if (value is not null)
            {
                copy[key] = value.DeepClone();
            }
        }

        return copy;
    }

    /// <summary>
    /// The modify-server patch that turns <paramref name="original"/> into <paramref name="edited"/>: only the fields
    /// that changed; inside <c>mcp_config</c> only the sections that changed; a field or section removed becomes null.
    /// </summary>
    public static JsonObject Diff(JsonObject original, JsonObject edited) => ServerPatch.Diff(original, edited);

    private void ReadMcpConfig(JsonObject mcpConfig, List<string> unrepresentable)
    {
        foreach (var (key, value) in mcpConfig)
        {
            if (Sections.ContainsKey(key))
            {
                Sections[key] = value is null ? string.Empty : JsonText.Format(value);
            }
            else if (key == McpSections.ServerInfoValidation)
            {
                _originalServerInfoValidation = value?.DeepClone();
                if (value is JsonValue flag && flag.TryGetValue<bool>(out var on))
                {
                    ServerInfoValidation = on;
                }
                else if (value is not null)
                {
                    unrepresentable.Add($"{McpSections.McpConfig}.{key}");
                }
            }
            else
            {
                OtherMcpConfig[key] = value?.DeepClone();
            }
        }
    }

}
