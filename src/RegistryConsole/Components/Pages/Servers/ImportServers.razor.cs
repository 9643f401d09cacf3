using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using RegistryConsole.Components.Shared;
using MudBlazor;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Interop;

namespace RegistryConsole.Components.Pages.Servers;

/// <summary>Paste or upload a server.json or a client config; a dry run shows the per-entry mapping; Import adds all or nothing, pending review.</summary>
public sealed partial class ImportServers
{
    [Inject]
    public required IMcpRegistryService Registry { get; init; }

    internal string Text { get; set; } = string.Empty;

    internal IReadOnlyList<ImportEntry>? Entries { get; private set; }

    internal IReadOnlyList<string> Problems { get; private set; } = [];

    internal string? Outcome { get; private set; }

    private bool Succeeded { get; set; }

    private bool Busy { get; set; }

    private bool CanWrite => Can(Permission.WriteRegistry);

    private static IReadOnlyList<BreadcrumbItem> Breadcrumbs => [new("Servers", "/servers"), new("Import", null, disabled: true)];

    private async Task UploadAsync(IBrowserFile? file)
    {
        if (await UploadedJson.ReadAsync(file, Snackbar, string.Empty) is { } text)
        {
            Text = text;
            Snackbar.Add($"Loaded {file!.Name}. Run a dry run to see what maps.", Severity.Info);
        }
    }

    internal Task DryRunAsync() => RunAsync(dryRun: true);

    internal Task ImportAsync() => RunAsync(dryRun: false);

    private async Task RunAsync(bool dryRun)
    {
        if (Busy || Actor is null)
        {
            return;
        }

        Outcome = null;
        Problems = [];
        var input = JsonText.Parse(Text, out var syntax);
        if (syntax is not null)
        {
            Succeeded = false;
            Outcome = $"The text {syntax.Message}";
            return;
        }

        Busy = true;
        try
        {
            var result = await Registry.ImportAsync(input, dryRun, Actor);
            if (!result.IsSuccess)
            {
                Succeeded = false;
                Outcome = result.Error.Message;
                Problems = (result.Error.FieldErrors ?? new Dictionary<string, string[]>()).Select(e => $"{e.Key}: {string.Join("; ", e.Value)}").ToList();
                Entries = McpImport.Plan(input);
                return;
            }

            var report = result.Value;
            if (!dryRun)
            {
                Snackbar.Add($"Imported {report.Servers.Count} server(s), each pending review.", Severity.Success);
                Navigation.NavigateTo("/servers");
                return;
            }

            Entries = report.Entries;
            Succeeded = report.Problem is null && report.Entries.All(e => e.Body is not null);
            Outcome = report.Problem is { } problem
                ? $"The import would fail: {problem.Message}"
                : $"{report.Entries.Count(e => e.Body is not null)} of {report.Entries.Count} entries map to a server. Nothing was stored yet.";
            Problems = (report.Problem?.FieldErrors ?? new Dictionary<string, string[]>()).Select(e => $"{e.Key}: {string.Join("; ", e.Value)}").ToList();
        }
        finally
        {
            Busy = false;
        }
    }
}
