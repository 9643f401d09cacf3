using System.Text.Json.Nodes;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Secrets;

namespace RegistryConsole.Core.Reviews;

/// <summary>
/// Findings about a change: what the pending <c>mcp_config</c> does that the served (approved) one did not. Pure: two
/// JSON objects in (masked or plain, it does not matter), findings out, each naming the JSON path (below the review view
/// <c>{server_name, description, mcp_config}</c>) a reviewer should read. A server never approved has no "before",
/// so it gets no change findings; <see cref="ReviewFindings.Analyze"/> still looks at everything it holds.
/// </summary>
public static class ChangeFindings
{
    private const string Root = "mcp_config";

    private static readonly string[] Guardrails = [GatewayExpansion.InputGuardrails, GatewayExpansion.OutputGuardrails, GatewayExpansion.ToolGuardrails];

    /// <summary>Change findings first (most severe first), then the findings about the pending configuration alone.</summary>
    public static IReadOnlyList<Finding> Review(JsonObject? served, JsonObject pending)
    {
        var changes = Compare(served, pending);
        var standing = ReviewFindings.Analyze(pending)
            .Where(f => !(f.Code == "server_info_validation_off" && changes.Any(c => c.Code == "server_info_validation_disabled")));
        return [.. changes, .. standing];
    }

    /// <summary>What the change from <paramref name="served"/> to <paramref name="pending"/> does, most severe first.</summary>
    public static IReadOnlyList<Finding> Compare(JsonObject? served, JsonObject pending)
    {
        if (served is null)
        {
            return [];
        }

        var findings = new List<Finding>();
        DeniedTools(served, pending, findings);
        Tools(served, pending, findings);
        GuardrailChanges(served, pending, findings);
        ServerInfoValidation(served, pending, findings);
        Destination(served, pending, findings);
        Secrets(served, pending, findings);
        return [.. findings.OrderBy(f => f.Severity switch { ReviewFindings.High => 0, ReviewFindings.Medium => 1, _ => 2 })];
    }

    /// <summary>The top-level <c>mcp_config</c> keys whose value differs between the two (for "what the gateways override of it").</summary>
    public static IReadOnlyList<string> ChangedKeys(JsonObject? served, JsonObject pending) =>
        [.. (served ?? []).Select(p => p.Key).Union(pending.Select(p => p.Key), StringComparer.Ordinal)
            .Where(key => !JsonNode.DeepEquals(served?[key], pending[key]))
            .Order(StringComparer.Ordinal)];

    private static void DeniedTools(JsonObject served, JsonObject pending, List<Finding> findings)
    {
        var before = DeniedNames(served);
        var after = DeniedNames(pending);
        foreach (var removed in before.Where(name => !after.Contains(name)))
        {
            findings.Add(new("denied_tool_removed", ReviewFindings.High, $"{Root}.denied_tools",
                $"'{removed}' is no longer denied: gateways will let clients call it"));
        }
    }

    private static void Tools(JsonObject served, JsonObject pending, List<Finding> findings)
    {
        var before = served["tools"] as JsonObject;
        foreach (var (name, _) in (pending["tools"] as JsonObject) ?? [])
        {
            if (before?.ContainsKey(name) != true)
            {
                var destructive = ReviewFindings.IsDestructive(name);
                findings.Add(new("tool_added", destructive ? ReviewFindings.High : ReviewFindings.Medium, $"{Root}.tools.{name}",
                    destructive ? $"Tool '{name}' is new and looks destructive" : $"Tool '{name}' is new"));
            }
        }
    }

    private static void GuardrailChanges(JsonObject served, JsonObject pending, List<Finding> findings)
    {
        foreach (var key in Guardrails)
        {
            var before = served[key] as JsonObject;
            var after = pending[key] as JsonObject;
            if (!IsOn(before?["enabled"]))
            {
                continue;
            }

            if (!IsOn(after?["enabled"]))
            {
                var path = after?.ContainsKey("enabled") == true ? $"{Root}.{key}.enabled" : $"{Root}.{key}";
                findings.Add(new("guardrail_disabled", ReviewFindings.High, path, $"{Label(key)} guardrail was enabled and is not any more"));
                continue;
            }

            var removed = Strings(before?["block"]).Where(d => !Strings(after?["block"]).Contains(d)).ToList();
            if (removed.Count > 0)
            {
                var path = after?.ContainsKey("block") == true ? $"{Root}.{key}.block" : $"{Root}.{key}";
                findings.Add(new("guardrail_block_shortened", ReviewFindings.High, path,
                    $"{Label(key)} guardrail no longer blocks {string.Join(", ", removed.Select(d => $"'{d}'"))}"));
            }
        }
    }

    private static void ServerInfoValidation(JsonObject served, JsonObject pending, List<Finding> findings)
    {
        if (IsOn(served[GatewayExpansion.ServerInfoValidation]) && !IsOn(pending[GatewayExpansion.ServerInfoValidation]))
        {
            findings.Add(new("server_info_validation_disabled", ReviewFindings.Medium, $"{Root}.{GatewayExpansion.ServerInfoValidation}",
                "Server-info validation was on and is switched off: a changed upstream server would no longer be noticed"));
        }
    }

    private static void Destination(JsonObject served, JsonObject pending, List<Finding> findings)
    {
        var before = served["config"] as JsonObject;
        var after = pending["config"] as JsonObject;
        var commandBefore = Text(before?["command"]);
        var commandAfter = Text(after?["command"]);
        var urlBefore = Text(before?["url"]);
        var urlAfter = Text(after?["url"]);

        if (commandAfter is not null && commandAfter != commandBefore)
        {
            findings.Add(new("command_changed", ReviewFindings.High, $"{Root}.config.command", commandBefore is null
                ? $"Now runs a local command ('{commandAfter}') instead of calling a remote server"
                : $"The command changed from '{commandBefore}' to '{commandAfter}'"));
        }
        else if (commandAfter is not null && !JsonNode.DeepEquals(before?["args"], after?["args"]))
        {
            findings.Add(new("command_args_changed", ReviewFindings.Medium, $"{Root}.config.args",
                "The command's arguments changed: check which package, version or script now runs"));
        }

        if (urlAfter is not null && urlAfter != urlBefore)
        {
            var hostBefore = HostOf(urlBefore);
            var hostAfter = HostOf(urlAfter);
            if (urlBefore is null)
            {
                findings.Add(new("remote_destination_changed", ReviewFindings.High, $"{Root}.config.url",
                    $"Now calls a remote server at {hostAfter ?? urlAfter} instead of running a local command"));
            }
            else if (!string.Equals(hostBefore, hostAfter, StringComparison.OrdinalIgnoreCase))
            {
                findings.Add(new("remote_destination_changed", ReviewFindings.High, $"{Root}.config.url",
                    $"The remote destination changed from {hostBefore ?? urlBefore} to {hostAfter ?? urlAfter}"));
            }
            else
            {
                findings.Add(new("remote_url_changed", ReviewFindings.Medium, $"{Root}.config.url",
                    $"The remote URL changed on the same host ({hostAfter}): check the path and scheme"));
            }
        }
    }

    private static void Secrets(JsonObject served, JsonObject pending, List<Finding> findings)
    {
        foreach (var change in SecretDestinations.Changed(served, pending, Root))
        {
            findings.Add(new(ReviewFindings.SecretDestinationChanged, ReviewFindings.High, change.DestinationPath,
                $"Secrets now go to a new destination: {string.Join(", ", change.SecretPaths.Select(p => p[(Root.Length + 1)..]))}"));
        }

        var before = SecretRules.Slots(served).Select(s => s.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var (_, key, path) in SecretRules.Slots(pending))
        {
            if (!before.Contains(path))
            {
                findings.Add(new("secret_added", ReviewFindings.Medium, $"{Root}.{path}",
                    $"A new secret '{key}': check where it is sent and who provided it"));
            }
        }
    }

    private static HashSet<string> DeniedNames(JsonObject config) =>
        ((config["denied_tools"] as JsonArray) ?? []).Select(item => item switch
        {
            JsonValue v when v.TryGetValue<string>(out var glob) => glob,
            JsonObject o => Text(o["name"]),
            _ => null,
        }).OfType<string>().ToHashSet(StringComparer.Ordinal);

    private static List<string> Strings(JsonNode? array) =>
        ((array as JsonArray) ?? []).Select(Text).OfType<string>().ToList();

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool IsOn(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var on) && on;

    private static string? HostOf(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : null;

    private static string Label(string guardrailKey) => guardrailKey switch
    {
        GatewayExpansion.InputGuardrails => "The input",
        GatewayExpansion.OutputGuardrails => "The output",
        _ => "The tool",
    };
}
