using MudBlazor;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Components.Shared;

/// <summary>
/// One problem in the error summary at the top of a form, and where it points: a field (found by its
/// <c>data-error-target</c> attribute) or a line of a <see cref="JsonEditor"/> (found by its <see cref="JsonEditor.Name"/>).
/// </summary>
public sealed record ErrorSummaryItem(string Label, string Message, string? Field = null, string? Editor = null, int Line = 1)
{
    /// <summary>The CSS selector of the field this item points at; mark the field with <c>data-error-target="@key"</c>.</summary>
    public static string SelectorOf(string field) => $"[data-error-target=\"{field}\"]";

    public static ErrorSummaryItem ForField(string label, string message, string field) => new(label, message, Field: field);

    public static ErrorSummaryItem ForEditor(string label, string message, string editor, int line) => new(label, message, Editor: editor, Line: line);

    public string Text => $"{Label}: {Message}";
}

/// <summary>
/// The places of one form that can show a field error, in the order a person reads them: text fields (a path each)
/// and JSON editors (a path prefix each; the messages under it get paths relative to it and the line they name).
/// </summary>
public sealed class ErrorRoutes
{
    private readonly List<Route> _routes = [];

    /// <summary>A field showing the message at <paramref name="path"/>; <paramref name="key"/> (default: the path) names it on the page.</summary>
    public ErrorRoutes Field(string path, string label, string? key = null)
    {
        _routes.Add(new Route(path, label, key ?? path, IsEditor: false, Text: null));
        return this;
    }

    /// <summary>An editor showing every message at or under <paramref name="path"/> (empty: every message); <paramref name="text"/> locates the lines.</summary>
    public ErrorRoutes Editor(string path, string label, string name, string? text)
    {
        _routes.Add(new Route(path, label, name, IsEditor: true, text));
        return this;
    }

    internal IReadOnlyList<Route> All => _routes;

    internal sealed record Route(string Path, string Label, string Key, bool IsEditor, string? Text);
}

/// <summary>Field errors sorted onto a form by <see cref="ErrorPresenter"/>: per field, per editor, the rest, and the summary.</summary>
public sealed class PresentedErrors
{
    public static PresentedErrors None { get; } = new();

    /// <summary>The message of each field, by its key (messages of one path joined with "; ").</summary>
    public Dictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);

    /// <summary>The messages of each editor, by its name, with paths relative to the editor.</summary>
    public Dictionary<string, IReadOnlyList<JsonEditorError>> Editors { get; } = new(StringComparer.Ordinal);

    /// <summary>Messages that name no field or editor of the form ("path: message", or the error's own message).</summary>
    public List<string> General { get; } = [];

    /// <summary>One item per field message and editor line, in form order: what the summary at the top lists.</summary>
    public List<ErrorSummaryItem> Summary { get; } = [];

    public bool IsEmpty => Fields.Count == 0 && Editors.Count == 0 && General.Count == 0;

    public string? Field(string key) => Fields.GetValueOrDefault(key);

    public IReadOnlyList<JsonEditorError>? Editor(string name) => Editors.GetValueOrDefault(name);
}

/// <summary>
/// The one error presenter of the console: a failed <see cref="Result{T}"/> becomes field messages on the fields and
/// editor lines its paths name (<see cref="Sort"/>), and everything else (no path, a path no field claims, a
/// conflict, a refusal) a snackbar. Pages show <see cref="PresentedErrors.Summary"/> in an <see cref="ErrorSummary"/>.
/// </summary>
public sealed class ErrorPresenter(ISnackbar snackbar)
{
    /// <summary>Sorts <paramref name="error"/> onto <paramref name="routes"/> and says in a snackbar what happened.</summary>
    public PresentedErrors Present(Error error, ErrorRoutes routes)
    {
        var presented = error.FieldErrors is { Count: > 0 } fieldErrors ? Sort(fieldErrors, routes) : new PresentedErrors();
        if (error.FieldErrors is not { Count: > 0 })
        {
            presented.General.Add(error.Message);
        }

        var marked = presented.Summary.Count;
        var general = presented.General.Count;
        var message = marked == 0 || error.Kind != ErrorKind.Validation ? error.Message
            : marked == 1 ? "One value was refused; it is marked."
            : $"{marked} values were refused; they are marked.";
        snackbar.Add(marked > 0 && general > 0 ? $"{message} See also the problems at the top." : message, Severity.Error);
        return presented;
    }

    /// <summary>Something unexpected failed (a bug or an outage): the person learns that it failed, not its internals.</summary>
    public void Failed(string what) => snackbar.Add($"{what} failed. Try again in a moment.", Severity.Error);

    /// <summary>Sorts field errors onto the routes (first route that claims a path wins); the pure part, no snackbar.</summary>
    public static PresentedErrors Sort(IReadOnlyDictionary<string, string[]> fieldErrors, ErrorRoutes routes)
    {
        var presented = new PresentedErrors();
        var editors = new Dictionary<string, List<JsonEditorError>>(StringComparer.Ordinal);
        var items = new List<(int Order, int Line, ErrorSummaryItem Item)>();
        foreach (var (path, messages) in fieldErrors)
        {
            var index = IndexOfRoute(routes.All, path);
            if (index < 0)
            {
                presented.General.Add(string.IsNullOrEmpty(path) ? string.Join("; ", messages) : $"{path}: {string.Join("; ", messages)}");
                continue;
            }

            var route = routes.All[index];
            if (!route.IsEditor)
            {
                var joined = string.Join("; ", messages);
                presented.Fields[route.Key] = joined;
                items.Add((index, 0, ErrorSummaryItem.ForField(route.Label, joined, route.Key)));
                continue;
            }

            var inner = Relative(path, route.Path);
            if (!editors.TryGetValue(route.Key, out var list))
            {
                editors[route.Key] = list = [];
            }

            foreach (var message in messages)
            {
                var error = new JsonEditorError(inner, message);
                var line = error.LineIn(route.Text);
                list.Add(error);
                items.Add((index, line, ErrorSummaryItem.ForEditor($"{route.Label}, line {line}", string.IsNullOrEmpty(inner) ? message : $"{inner}: {message}", route.Key, line)));
            }
        }

        foreach (var (name, list) in editors)
        {
            presented.Editors[name] = list;
        }

        presented.Summary.AddRange(items.OrderBy(i => i.Order).ThenBy(i => i.Line).Select(i => i.Item));
        return presented;
    }

    private static int IndexOfRoute(IReadOnlyList<ErrorRoutes.Route> routes, string path)
    {
        for (var i = 0; i < routes.Count; i++)
        {
            var route = routes[i];
            if (route.IsEditor ? FieldErrorPaths.IsUnder(path, route.Path) : path == route.Path)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Relative(string path, string prefix) =>
        prefix.Length == 0 ? path
        : path.Length <= prefix.Length ? string.Empty
        : path[prefix.Length] == '.' ? path[(prefix.Length + 1)..]
        : path[prefix.Length..];
}
