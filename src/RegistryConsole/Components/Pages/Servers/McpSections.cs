using RegistryConsole.Components.Shared;

namespace RegistryConsole.Components.Pages.Servers;

/// <summary>One key of <c>mcp_config</c> that gets a JSON editor of its own.</summary>
public sealed record McpSection(string Key, string Title, string Schema, string Help);

/// <summary>The <c>mcp_config</c> sections, in the order the detail and edit pages show them.</summary>
public static class McpSections
{
    public const string McpConfig = "mcp_config";
    public const string ServerInfoValidation = "enable_server_info_validation";

    public static readonly IReadOnlyList<McpSection> Editors =
    [
        new("config", "Config", JsonEditorSchemas.Config, "Stdio: command, args, env. Remote: url, type (http, sse, streamable_http), headers."),
        new("oauth_config", "OAuth config", JsonEditorSchemas.OAuthConfig, "enabled, is_remote and OAUTH_* keys. Secrets show as ********; leave the mask to keep them."),
        new("tools", "Tools", JsonEditorSchemas.Tools, "Tool name → description; {} means every tool the server offers."),
        new("denied_tools", "Denied tools", JsonEditorSchemas.DeniedTools, "Globs such as \"delete_*\", or {\"name\", \"reason\"} objects."),
        new("tool_guardrails_config", "Tool guardrails", JsonEditorSchemas.Guardrails, "enabled, guardrail_name, additional_config, block: [detectors]."),
        new("input_guardrails_config", "Input guardrails", JsonEditorSchemas.Guardrails, "enabled, guardrail_name, additional_config, block: [detectors]."),
        new("output_guardrails_config", "Output guardrails", JsonEditorSchemas.OutputGuardrails, "As input, plus the output-only detectors hallucination, adherence, relevancy."),
    ];

    /// <summary>The JSON path prefix of a section (<c>mcp_config.config</c>).</summary>
    public static string PathOf(McpSection section) => $"{McpConfig}.{section.Key}";
}
