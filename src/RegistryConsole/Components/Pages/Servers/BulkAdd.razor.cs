using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using RegistryConsole.Auth;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Components.Pages.Servers;

/// <summary>Paste or upload up to 100 servers; a dry run reports problems per item; Add all stores all or nothing.</summary>
public sealed partial class BulkAdd
{
    private readonly JsonEditorGroup _editors = new();

    [Inject]
    public required IServerService Servers { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [CascadingParameter]
    public Task<AuthenticationState>? AuthenticationState { get; set; }

    internal string Text { get; private set; } = string.Empty;

    internal IReadOnlyList<BulkAddRow>? Rows { get; private set; }

    internal IReadOnlyList<string> GeneralProblems { get; private set; } = [];

    internal IReadOnlyList<JsonEditorError>? EditorErrors { get; private set; }

    internal string? Outcome { get; private set; }

    private bool Succeeded { get; set; }

    private bool Busy { get; set; }

    private Actor? Actor { get; set; }

    private bool CanWrite => Actor?.Can(Permission.WriteRegistry) == true;

    private static IReadOnlyList<BreadcrumbItem> Breadcrumbs => [new("Servers", "/servers"), new("Bulk add", null, disabled: true)];

    protected override async Task OnInitializedAsync()
    {
        Actor = AuthenticationState is null ? null : (await AuthenticationState).User.ToActor();
    }

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
                    Navigation.NavigateTo("/servers");
                    return;
                }

                Succeeded = true;
                Outcome = $"All {count} server{(count == 1 ? " is" : "s are")} valid. Nothing was stored yet: Add all stores them.";
                Rows = BulkAddReport.Rows(body, null);
                return;
            }

            Show(result.Error, body, wasArray);
        }
        catch (Exception)
        {
            Outcome = "The servers could not be checked. Try again in a moment.";
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
        }

        Snackbar.Add(error.Kind == ErrorKind.Forbidden ? error.Message : "Nothing was stored; see the problems below.", Severity.Error);
    }

    private void Clear()
    {
        Outcome = null;
        Rows = null;
        GeneralProblems = [];
        EditorErrors = null;
    }
}
