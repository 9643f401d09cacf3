using RegistryConsole.Components.Shared;

namespace RegistryConsole.Components.Pages.Servers;

/// <summary>
/// Sends each validation message of the service (keyed by JSON path) to where the person can fix it: a text field,
/// the editor of the <c>mcp_config</c> section it names (with the path inside that section), the server-info switch,
/// or, when it names nothing on the form, the list of general problems.
/// </summary>
public sealed class ServerFormErrors
{
    public static ServerFormErrors None { get; } = new();

    public Dictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, IReadOnlyList<JsonEditorError>> Sections { get; } = new(StringComparer.Ordinal);

    public List<string> General { get; } = [];

    public bool IsEmpty => Fields.Count == 0 && Sections.Count == 0 && General.Count == 0;

    /// <summary>Errors for the form view.</summary>
    public static ServerFormErrors ForForm(IReadOnlyDictionary<string, string[]> fieldErrors)
    {
        var errors = new ServerFormErrors();
        var sections = new Dictionary<string, List<JsonEditorError>>(StringComparer.Ordinal);
        foreach (var (path, messages) in fieldErrors)
        {
            var message = string.Join("; ", messages);
            if (ServerForm.ScalarFields.Any(f => f.Key == path))
            {
                errors.Fields[path] = message;
                continue;
            }

            if (path == $"{McpSections.McpConfig}.{McpSections.ServerInfoValidation}")
            {
                errors.Fields[McpSections.ServerInfoValidation] = message;
                continue;
            }

            var section = McpSections.Editors.FirstOrDefault(s => IsWithin(path, McpSections.PathOf(s)));
            if (section is not null)
            {
                var inner = path[McpSections.PathOf(section).Length..].TrimStart('.');
                if (!sections.TryGetValue(section.Key, out var list))
                {
                    list = [];
                    sections[section.Key] = list;
                }

                list.AddRange(messages.Select(m => new JsonEditorError(inner, m)));
                continue;
            }

            errors.General.Add($"{path}: {message}");
        }

        foreach (var (key, list) in sections)
        {
            errors.Sections[key] = list;
        }

        return errors;
    }

    /// <summary>Errors for the whole-JSON view: every path is relative to the body, so all of them mark that one editor.</summary>
    public static IReadOnlyList<JsonEditorError> ForWholeJson(IReadOnlyDictionary<string, string[]> fieldErrors) =>
        [.. fieldErrors.SelectMany(e => e.Value.Select(m => new JsonEditorError(e.Key == "body" ? string.Empty : e.Key, m)))];

    private static bool IsWithin(string path, string prefix) =>
        path == prefix || (path.StartsWith(prefix, StringComparison.Ordinal) && path[prefix.Length] is '.' or '[');
}
