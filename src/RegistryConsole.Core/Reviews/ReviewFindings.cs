using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RegistryConsole.Core.Secrets;

namespace RegistryConsole.Core.Reviews;

/// <summary>An automatic observation a reviewer should look at.</summary>
public sealed record Finding(string Code, string Severity, string Path, string Message);

/// <summary>
/// Heuristics over a server's <c>mcp_config</c> (masked), computed once in Core for the review page and the API alike.
/// They point a reviewer at risks; they never block a change.
/// </summary>
public static partial class ReviewFindings
{
    public const string High = "high";
    public const string Medium = "medium";
    public const string Low = "low";

    private static readonly string[] Shells = ["sh", "bash", "zsh", "dash", "cmd", "cmd.exe", "powershell", "pwsh", "powershell.exe"];
    private static readonly string[] ShellFlags = ["-c", "/c", "/C", "-Command", "-command", "/k"];
    private static readonly string[] Runners = ["npx", "uvx", "pipx", "bunx", "pnpx"];
    private static readonly string[] DestructiveWords = ["delete", "drop", "exec", "write", "remove", "destroy", "truncate", "shell", "kill", "rm"];
    private static readonly string[] Guardrails = ["input_guardrails_config", "output_guardrails_config", "tool_guardrails_config"];

    public const string SecretDestinationChanged = "secret_destination_changed";

    /// <summary>
    /// The findings of the pending <paramref name="mcpConfig"/> on its own; what a change does (served → pending) is
    /// <see cref="ChangeFindings"/>'s.
    /// </summary>
    public static IReadOnlyList<Finding> Analyze(JsonObject mcpConfig)
    {
        var findings = new List<Finding>();
        var config = mcpConfig["config"] as JsonObject;
        var command = config?["command"]?.GetValue<string>();
        var args = (config?["args"] as JsonArray)?.Select(a => a?.GetValue<string>() ?? string.Empty).ToList() ?? [];
        if (command is not null)
        {
            AddCommandFindings(command, args, findings);
        }

        AddInsecureUrlFindings(mcpConfig, config, findings);
        AddSecretLiteralFindings(config, args, findings);
        AddPolicyFindings(mcpConfig, findings);
        return findings;
    }

    /// <summary>A command run through a shell, or a package runner starting an unpinned package.</summary>
    private static void AddCommandFindings(string command, List<string> args, List<Finding> findings)
    {
        var program = Path.GetFileName(command.Trim());
        if (Shells.Contains(program, StringComparer.OrdinalIgnoreCase) && args.Any(a => ShellFlags.Contains(a)))
        {
            findings.Add(new(Code: "shell_wrapper", High, "mcp_config.config.command", $"Runs through a shell ('{program} {args.First(a => ShellFlags.Contains(a))}'): anything in the script runs, not just one program"));
        }

        if (Runners.Contains(program, StringComparer.OrdinalIgnoreCase))
        {
            var package = args.FirstOrDefault(a => !a.StartsWith('-'));
            if (package is not null && !IsPinned(package))
            {
                findings.Add(new("unpinned_package", Medium, "mcp_config.config.args", $"'{program} {package}' runs whatever version is newest at start-up: pin a version ({package}@x.y.z)"));
            }
        }
    }

    /// <summary>A remote URL or an OAuth endpoint that is not HTTPS.</summary>
    private static void AddInsecureUrlFindings(JsonObject mcpConfig, JsonObject? config, List<Finding> findings)
    {
        if (config?["url"]?.GetValue<string>() is { } url && url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            findings.Add(new("insecure_url", High, "mcp_config.config.url", "The remote URL is not HTTPS: traffic and tokens travel in clear text"));
        }

        if (mcpConfig["oauth_config"] is JsonObject oauth)
        {
            foreach (var key in new[] { "OAUTH_TOKEN_URL", "OAUTH_AUTHORIZATION_URL" })
            {
                if (oauth[key] is JsonValue v && v.TryGetValue<string>(out var u) && u.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                {
                    findings.Add(new("insecure_url", High, $"mcp_config.oauth_config.{key}", $"{key} is not HTTPS: credentials would travel in clear text"));
                }
            }
        }
    }

    /// <summary>Arguments and plain env values that look like secrets.</summary>
    private static void AddSecretLiteralFindings(JsonObject? config, List<string> args, List<Finding> findings)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (LooksSecret(args[i]) || (i > 0 && SecretFlag().IsMatch(args[i - 1]) && args[i].Length >= 8))
            {
                findings.Add(new("secret_literal", High, $"mcp_config.config.args[{i}]", "An argument looks like a secret: arguments are not encrypted or masked; pass it through a secret env variable"));
            }
        }

        foreach (var (key, value) in (config?["env"] as JsonObject) ?? [])
        {
            if (!SecretRules.IsSecretEnvKey(key) && value is JsonValue v && v.TryGetValue<string>(out var text) && LooksSecret(text))
            {
                findings.Add(new("secret_literal", High, $"mcp_config.config.env.{key}", $"'{key}' holds a value that looks like a secret, but its name does not mark it as one, so it is stored and shown in clear: rename it (e.g. {key}_TOKEN)"));
            }
        }
    }

    /// <summary>Gateway policy left open: no guardrail, destructive tools not denied, server-info validation off.</summary>
    private static void AddPolicyFindings(JsonObject mcpConfig, List<Finding> findings)
    {
        if (Guardrails.All(g => mcpConfig[g] is not JsonObject guard || guard["enabled"] is not JsonValue e || !e.TryGetValue<bool>(out var on) || !on))
        {
            findings.Add(new("guardrails_disabled", Medium, "mcp_config", "No guardrail (input, output or tool) is enabled"));
        }

        var tools = (mcpConfig["tools"] as JsonObject)?.Select(t => t.Key).ToList() ?? [];
        var denied = mcpConfig["denied_tools"] as JsonArray;
        var destructive = tools.Where(IsDestructive).ToList();
        if ((denied is null || denied.Count == 0) && destructive.Count > 0)
        {
            findings.Add(new("destructive_tools_allowed", Medium, "mcp_config.denied_tools", $"denied_tools is empty while tools include destructive-looking ones: {string.Join(", ", destructive)}"));
        }

        if (mcpConfig["enable_server_info_validation"] is not JsonValue validation || !validation.TryGetValue<bool>(out var validate) || !validate)
        {
            findings.Add(new("server_info_validation_off", Low, "mcp_config.enable_server_info_validation", "Server-info validation is off: a changed upstream server would not be noticed"));
        }
    }

    internal static bool IsDestructive(string tool) =>
        ToolWords().Matches(tool).Any(word => DestructiveWords.Any(w =>
            word.Value.StartsWith(w, StringComparison.OrdinalIgnoreCase)
            || (w.Length >= 5 && word.Value.EndsWith(w, StringComparison.OrdinalIgnoreCase))));

    /// <summary><c>pkg@1.2.3</c>, <c>@scope/pkg@1.2.3</c>, <c>pkg==1.2.3</c>; <c>@latest</c> is not a pin.</summary>
    private static bool IsPinned(string package)
    {
        var at = package.LastIndexOf('@');
        if (at > 0)
        {
            var version = package[(at + 1)..];
            return version.Length > 0 && char.IsDigit(version[0]);
        }

        return package.Contains("==", StringComparison.Ordinal);
    }

    private static bool LooksSecret(string value) =>
        value != SecretRules.Mask && (KnownTokenShape().IsMatch(value) || value.Contains("-----BEGIN", StringComparison.Ordinal) || InlineSecret().IsMatch(value));

    [GeneratedRegex("[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")]
    private static partial Regex ToolWords();

    [GeneratedRegex(@"(^|[^A-Za-z0-9])(ghp_|gho_|ghs_|github_pat_|sk-|sk_live_|xox[abprs]-|AKIA[0-9A-Z]{12}|AIza)[A-Za-z0-9_\-]{8,}")]
    private static partial Regex KnownTokenShape();

    [GeneratedRegex(@"(?i)(token|secret|password|passwd|api[_-]?key|bearer)[=: ]+\S{6,}")]
    private static partial Regex InlineSecret();

    [GeneratedRegex(@"(?i)^--?(token|secret|password|api[_-]?key|access[_-]?key)$")]
    private static partial Regex SecretFlag();
}
