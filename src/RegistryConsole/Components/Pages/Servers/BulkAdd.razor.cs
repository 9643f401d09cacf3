using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Components.Pages.Servers;

/// <summary>
/// Paste or upload up to 100 servers; a dry run reports problems per item; Add all stores all or nothing and lands on
/// the servers list narrowed to exactly the servers it stored (<see cref="ServerListState.OfAdded"/>).
/// </summary>
public sealed partial class BulkAdd
{
    private const string EditorName = "servers";

    private readonly JsonEditorGroup _editors = new();

    [Inject]
    public required IServerService Servers { get; init; }

    internal string Text { get; private set; } = string.Empty;

    internal IReadOnlyList<BulkAddRow>? Rows { get; private set; }

    internal IReadOnlyList<string> GeneralProblems { get; private set; } = [];

    internal IReadOnlyList<JsonEditorError>? EditorErrors { get; private set; }

    /// <summary>The editor lines with problems, listed at the top; each link reveals its line.</summary>
    internal IReadOnlyList<ErrorSummaryItem> Summary { get; private set; } = [];

    internal string? Outcome { get; private set; }

    private bool Succeeded { get; set; }

    private bool Busy { get; set; }

    private bool CanWrite => Can(Permission.WriteRegistry);

    private static IReadOnlyList<BreadcrumbItem> Breadcrumbs => [new("Servers", "/servers"), new("Bulk add", null, disabled: true)];

    private void OnTextChanged(string text) => Text = text;

    private async Task UploadAsync(IBrowserFile? file)
    {
        if (await UploadedJson.ReadAsync(file, Snackbar, $"; split it into batches of up to {ServerService.MaxBulk} servers") is { } text)
        {
            Text = text;
            Clear();
            Snackbar.Add($"Loaded {file!.Name}. Run a dry run to check it.", Severity.Info);
        }
    }

    private Task DryRunAsync() => RunAsync(dryRun: true);

    private Task AddAllAsync() => RunAsync(dryRun: false);

    private async Task RunAsync(bool dryRun)
    {
        if (Busy || Actor is null)
        {
            return;
        }

        // Monaco's latest text, not the last one that reached us: a click right after a paste must check what was pasted.
        await _editors.FlushAsync();
        Clear();
        Snackbar.Clear();
        var (body, wasArray, problem, line) = BulkAddReport.Parse(Text);
        if (body is null)
        {
            Succeeded = false;
            Outcome = problem;
            EditorErrors = line is null ? null : [new JsonEditorError(string.Empty, problem!, line)];
            Summary = EditorErrors is null ? [] : SummaryOf(EditorErrors);
            return;
        }

        Busy = true;
        try
        {
            var result = await Servers.BulkAddAsync(body, dryRun, Actor);
            if (result.IsSuccess)
            {
                var count = result.Value.Servers.Count;
                if (!dryRun)
                {
                    Snackbar.Add($"Added {count} server{(count == 1 ? "" : "s")}.", Severity.Success);
                    var added = ServerListState.OfAdded(result.Value.Servers.Select(s => new ServerKey(s.SavedName, s.ServerVersion)));
                    Navigation.NavigateTo(Navigation.GetUriWithQueryParameters("/servers", added.ToQuery()));
                    return;
                }

                Succeeded = true;
                Outcome = $"All {count} server{(count == 1 ? " is" : "s are")} valid. Nothing was stored yet: Add all stores them.";
                Rows = BulkAddReport.Rows(body, null);
                return;
            }

            Show(result.Error, body, wasArray);
        }
        finally
        {
            Busy = false;
        }
    }

    private void Show(Error error, JsonObject body, bool wasArray)
    {
        Succeeded = false;
        Outcome = error.Message;
        if (error.FieldErrors is { Count: > 0 } fieldErrors)
        {
            Rows = BulkAddReport.Rows(body, fieldErrors);
            GeneralProblems = BulkAddReport.General(fieldErrors);
            EditorErrors = BulkAddReport.EditorErrors(fieldErrors, wasArray);
            Summary = SummaryOf(EditorErrors);
        }

        Snackbar.Add(error.Kind == ErrorKind.Forbidden ? error.Message : "Nothing was stored; see the problems below.", Severity.Error);
    }

    private void Clear()
    {
        Outcome = null;
        Rows = null;
        GeneralProblems = [];
        EditorErrors = null;
        Summary = [];
    }

    private IReadOnlyList<ErrorSummaryItem> SummaryOf(IReadOnlyList<JsonEditorError> errors) =>
        [.. errors.Select(e => (Error: e, Line: e.LineIn(Text)))
            .OrderBy(e => e.Line)
            .Select(e => ErrorSummaryItem.ForEditor($"Line {e.Line}", string.IsNullOrEmpty(e.Error.Path) ? e.Error.Message : $"{e.Error.Path}: {e.Error.Message}", EditorName, e.Line))];
}
