using RegistryConsole.Components.Shared;

namespace RegistryConsole.Components.Pages.Servers;

/// <summary>
/// Sends each validation message of the service (keyed by JSON path) to where the person can fix it: a text field,
/// the editor of the <c>mcp_config</c> section it names (with the path inside that section), the server-info switch,
/// or, when it names nothing on the form, the list of general problems. The sorting is the console's one
/// <see cref="ErrorPresenter"/>; this class only names the form's places (<see cref="Routes"/>).
/// </summary>
public sealed class ServerFormErrors
{
    /// <summary>The editor name of the whole-JSON view.</summary>
    public const string WholeBody = "body";

    public static ServerFormErrors None { get; } = new();

    public Dictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, IReadOnlyList<JsonEditorError>> Sections { get; } = new(StringComparer.Ordinal);

    public List<string> General { get; } = [];

    /// <summary>What the error summary at the top lists, in form order.</summary>
    public IReadOnlyList<ErrorSummaryItem> Summary { get; private init; } = [];

    public bool IsEmpty => Fields.Count == 0 && Sections.Count == 0 && General.Count == 0;

    /// <summary>The places of the form view: the text fields, the server-info switch, then one editor per section.</summary>
    public static ErrorRoutes Routes(ServerForm? form)
    {
        var routes = new ErrorRoutes();
        foreach (var (key, label) in ServerForm.ScalarFields)
        {
            routes.Field(key, label);
        }

        routes.Field($"{McpSections.McpConfig}.{McpSections.ServerInfoValidation}", "Server-info validation", McpSections.ServerInfoValidation);
        foreach (var section in McpSections.Editors)
        {
            routes.Editor(McpSections.PathOf(section), section.Title, section.Key, form?.Sections[section.Key]);
        }

        return routes;
    }

    /// <summary>The places of the whole-JSON view: one editor for every path.</summary>
    public static ErrorRoutes WholeRoutes(string? text) => new ErrorRoutes().Editor(string.Empty, "Add-server body", WholeBody, text);

    /// <summary>Errors for the form view.</summary>
    public static ServerFormErrors ForForm(IReadOnlyDictionary<string, string[]> fieldErrors, ServerForm? form = null) =>
        From(ErrorPresenter.Sort(fieldErrors, Routes(form)));

    /// <summary>Errors for the whole-JSON view: every path is relative to the body, so all of them mark that one editor.</summary>
    public static IReadOnlyList<JsonEditorError> ForWholeJson(IReadOnlyDictionary<string, string[]> fieldErrors) =>
        ErrorPresenter.Sort(WithoutBodyKey(fieldErrors), WholeRoutes(null)).Editor(WholeBody) ?? [];

    /// <summary>The service calls the body itself <c>body</c>; in the one editor that is the root.</summary>
    public static IReadOnlyDictionary<string, string[]> WithoutBodyKey(IReadOnlyDictionary<string, string[]> fieldErrors) =>
        fieldErrors.ContainsKey(WholeBody)
            ? fieldErrors.GroupBy(e => e.Key == WholeBody ? string.Empty : e.Key).ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToArray(), StringComparer.Ordinal)
            : fieldErrors;

    /// <summary>The presenter's outcome in the form's terms.</summary>
    public static ServerFormErrors From(PresentedErrors presented)
    {
        var errors = new ServerFormErrors { Summary = presented.Summary };
        foreach (var (key, message) in presented.Fields)
        {
            errors.Fields[key] = message;
        }

        foreach (var (key, list) in presented.Editors)
        {
            errors.Sections[key] = list;
        }

        errors.General.AddRange(presented.General);
        return errors;
    }

    /// <summary>Sections that are not JSON (found before anything is sent), with a summary item each.</summary>
    public static ServerFormErrors ForSyntax(IReadOnlyDictionary<string, JsonEditorError> syntax, ServerForm form)
    {
        var summary = new List<ErrorSummaryItem>();
        var errors = new ServerFormErrors { Summary = summary };
        foreach (var section in McpSections.Editors)
        {
            if (syntax.TryGetValue(section.Key, out var error))
            {
                errors.Sections[section.Key] = [error];
                summary.Add(ErrorSummaryItem.ForEditor(section.Title, error.Message, section.Key, error.LineIn(form.Sections[section.Key])));
            }
        }

        return errors;
    }
}
