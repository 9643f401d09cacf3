using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Secrets;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Components.Pages.Gateways;

/// <summary>
/// One gateway: the servers it references (attach, detach), its common and per-server overrides, and the expanded
/// configuration a runtime gets. Every change (attach, detach, overrides, description) is staged in the
/// <see cref="GatewayDraft"/> and saved once, by Save or Ctrl+S, as one <see cref="IGatewayService.ModifyAsync"/> with
/// only what changed.
/// </summary>
public sealed partial class GatewayDetail
{
    private static readonly string[] Tabs = ["servers", "overrides", "config"];

    private readonly JsonEditorGroup _editors = new();

    /// <summary>The registry servers staged for attaching, as the search found them (for their review status).</summary>
    private readonly Dictionary<ServerKey, ServerDto> _attaching = [];
    private GatewayKey? _loadedKey;

    [Inject]
    public required IGatewayService Gateways { get; init; }

    [Inject]
    public required IServerService Servers { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Parameter]
    public required string Name { get; set; }

    [Parameter]
    public required string Version { get; set; }

    [SupplyParameterFromQuery(Name = "tab")]
    public string? TabParameter { get; set; }

    internal GatewayDto? Gateway { get; private set; }

    internal GatewayDraft? Draft { get; private set; }

    internal IReadOnlyList<ExpandedView>? Expanded { get; private set; }

    internal string? LoadError { get; private set; }

    internal string? ConfigError { get; private set; }

    internal bool Conflict { get; private set; }

    /// <summary>Someone else saved this gateway while the draft held unsaved edits: the page keeps the edits and offers a reload.</summary>
    internal bool ChangedElsewhere { get; private set; }

    private ServerDto? AttachCandidate { get; set; }

    private bool Saving { get; set; }

    private bool Busy { get; set; }

    /// <summary>The problems of the last refused save, linked to their fields and editor lines.</summary>
    internal IReadOnlyList<ErrorSummaryItem> Summary { get; private set; } = [];

    private bool CanWrite => Can(Permission.WriteRegistry);

    /// <summary>Whether Ctrl+S would save: something staged on an active gateway, by an editor, with nothing running.</summary>
    private bool CanSave => CanWrite && Gateway?.IsActive == true && Draft?.IsDirty == true && !Busy;

    private bool ReadOnly => !CanWrite || Gateway?.IsActive != true;

    private GatewayKey Key => new(Name, Version);

    private int TabIndex => Math.Max(0, Array.IndexOf(Tabs, TabParameter ?? Tabs[0]));

    private List<BreadcrumbItem> Breadcrumbs =>
    [
        new("Gateways", GatewayPresentation.ListHref),
        new($"{Name} · {Version}", null, disabled: true),
    ];

    /// <summary>A server of the expanded config with its masked JSON and its overridden keys as editor marks, computed once per load.</summary>
    internal sealed record ExpandedView(ExpandedServerDto Server, string Json, IReadOnlyList<JsonHighlight> Highlights);

    protected override async Task OnParametersSetAsync()
    {
        if (Key == _loadedKey)
        {
            return;
        }

        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _loadedKey = Key;
        Gateway = null;
        Draft = null;
        _attaching.Clear();
        Expanded = null;
        LoadError = null;
        ConfigError = null;
        Conflict = false;
        ChangedElsewhere = false;
        Summary = [];
        if (Actor is null)
        {
            LoadError = "Your account has no console role; ask an admin for one.";
            return;
        }

        // An unexpected failure goes to the layout's error boundary (Try again), not to a catch-all here.
        var result = await Gateways.GetAsync(Key, Actor);
        if (!result.IsSuccess)
        {
            LoadError = result.Error.Kind == ErrorKind.NotFound
                ? $"There is no gateway '{Name}' version '{Version}' in this project. It may have been renamed, or the link is wrong."
                : result.Error.Message;
            return;
        }

        Gateway = result.Value;
        Draft = GatewayDraft.From(result.Value);

        await LoadConfigAsync();
    }

    private async Task LoadConfigAsync()
    {
        ConfigError = null;

        // The console never shows a secret, even to an admin to whom the API reveals them.
        var config = await Gateways.GetMaskedConfigAsync(Key, Actor!);
        if (config.IsSuccess)
        {
            Expanded = config.Value.ExpandedServers
                .Select(s => new ExpandedView(s, JsonText.Format(s.McpConfig), OverridePresentation.Highlights(s.OverriddenKeys)))
                .ToList();
        }
        else
        {
            ConfigError = config.Error.Message;
        }
    }

    /// <summary>
    /// Someone committed a registry change (issue 13 item 8). The pending chips and the expanded configuration come from
    /// the served config, which is re-read every time: it holds no edits. The gateway itself is taken over only while the
    /// draft is clean; with unsaved edits the draft stays untouched and <see cref="ChangedElsewhere"/> offers a reload.
    /// Skipped while a write runs: the write re-reads what it changed.
    /// </summary>
    private async Task RefreshAsync()
    {
        if (Gateway is null || Draft is null || Actor is null || Busy)
        {
            return;
        }

        try
        {
            var current = await Gateways.GetAsync(Key, Actor);
            if (current.IsSuccess && current.Value.Revision != Gateway.Revision)
            {
                if (Draft.IsDirty)
                {
                    ChangedElsewhere = true;
                }
                else
                {
                    Gateway = current.Value;
                    Draft.Rebase(current.Value);
                    Conflict = false;
                    ChangedElsewhere = false;
                }
            }

            await RefreshAttachingAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A live refresh is a convenience: the page keeps what it shows.
            return;
        }

        await LoadConfigAsync();
    }

    /// <summary>The review status of servers staged for attaching, as the registry has it now.</summary>
    private async Task RefreshAttachingAsync()
    {
        foreach (var key in _attaching.Keys.ToList())
        {
            var server = await Servers.GetAsync(key, Actor!);
            if (server.IsSuccess && _attaching.ContainsKey(key))
            {
                _attaching[key] = server.Value;
            }
        }
    }

    private ExpandedView? ExpandedOf(ServerKey key) =>
        Expanded?.FirstOrDefault(e => e.Server.SavedName == key.SavedName && e.Server.ServerVersion == key.ServerVersion);

    private async Task ReloadAsync()
    {
        await LoadAsync();
        Snackbar.Add("Reloaded the current version of the gateway.", Severity.Info);
    }

    private void OnTabChanged(int index)
    {
        var tab = index <= 0 || index >= Tabs.Length ? null : Tabs[index];
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("tab", tab), new NavigationOptions { ReplaceHistoryEntry = true });
    }

    private async Task SaveAsync()
    {
        if (Gateway is null || Draft is null)
        {
            return;
        }

        // Monaco's latest text, in case Ctrl+S came right after a keystroke.
        await _editors.FlushAsync();
        var patch = Draft.BuildPatch();
        if (patch is null)
        {
            Snackbar.Add("Not saved: an overrides editor does not hold a JSON object; see the message under it.", Severity.Warning);
            return;
        }

        if (patch.Body.Count == 0)
        {
            Draft.Discard();
            _attaching.Clear();
            Snackbar.Add("Nothing changed, nothing to save.", Severity.Info);
            return;
        }

        var summary = PendingSummary();
        Saving = true;
        var result = await RunAsync(() => Gateways.ModifyAsync(Key, patch.Body, Gateway.Revision, Actor!));
        Saving = false;
        Summary = [];
        if (result.IsSuccess)
        {
            Draft = GatewayDraft.From(result.Value);
            _attaching.Clear();
            await AcceptAsync(result.Value, $"Gateway saved: {string.Join(", ", summary)}.");
            return;
        }

        var error = result.Error;
        if (error.Kind == ErrorKind.Validation)
        {
            // The editors get their markers; the summary at the top links each problem; the rest goes to a snackbar.
            Draft.ApplyErrors(error, patch);
            Summary = ErrorPresenter.Present(error, ErrorRoutesOf(patch)).Summary;
            return;
        }

        ShowFailure(error);
    }

    private async Task DiscardAsync()
    {
        if (Draft?.IsDirty != true)
        {
            return;
        }

        var discard = await ConfirmDestructive.AskAsync(
            Dialogs, "Discard unsaved changes?",
            $"Drop every change not saved yet ({string.Join(", ", PendingSummary())})? The gateway stays as it was last saved.",
            "Discard changes", "Keep editing", Icons.Material.Filled.Undo);
        if (discard)
        {
            Draft.Discard();
            _attaching.Clear();
            if (ChangedElsewhere)
            {
                // Nothing left to keep: take the version someone else saved.
                await RefreshAsync();
            }
        }
    }

    private Task<IEnumerable<ServerDto>> SearchServersAsync(string? text, CancellationToken cancellationToken) =>
        Actor is null || Draft is null
            ? Task.FromResult<IEnumerable<ServerDto>>([])
            : GatewayPresentation.SearchAttachableAsync(Servers, Actor, text, Draft.Servers.Select(s => s.Key).ToHashSet(), cancellationToken);

    /// <summary>Stages attaching the picked server; the next save attaches it.</summary>
    private void Attach()
    {
        if (Draft is null || AttachCandidate is not { } server)
        {
            return;
        }

        var key = new ServerKey(server.SavedName, server.ServerVersion);
        if (Draft.Attach(key))
        {
            _attaching[key] = server;
        }

        AttachCandidate = null;
    }

    /// <summary>Stages detaching an attached server after a confirmation; a server only staged for attaching is dropped at once.</summary>
    private async Task DetachAsync(ServerOverridesDraft server)
    {
        if (Gateway is null || Draft is null)
        {
            return;
        }

        if (!server.IsNew)
        {
            var edits = server.IsDirty ? " Its unsaved override edits go with it." : string.Empty;
            var confirmed = await ConfirmDestructive.AskAsync(
                Dialogs, "Detach server",
                $"Detach {server.Key.SavedName} {server.Key.ServerVersion} from {Gateway.GatewaySavedName}? When you save, runtimes of this gateway stop getting it and its overrides here are dropped.{edits} The server stays in the registry.",
                "Detach", icon: Icons.Material.Filled.LinkOff);
            if (!confirmed)
            {
                return;
            }
        }

        Draft.Detach(server.Key);
        _attaching.Remove(server.Key);
    }

    private void KeepAttached(ServerOverridesDraft server) => Draft?.KeepAttached(server.Key);

    /// <summary>What the next save does, in words: "attach slack v2", "detach github v1", "overrides of filesystem v1".</summary>
    internal IReadOnlyList<string> PendingSummary()
    {
        if (Draft is null)
        {
            return [];
        }

        var parts = new List<string>();
        parts.AddRange(Draft.Servers.Where(s => s.IsNew).Select(s => $"attach {s.Key.SavedName} {s.Key.ServerVersion}"));
        parts.AddRange(Draft.Servers.Where(s => s.IsDetached).Select(s => $"detach {s.Key.SavedName} {s.Key.ServerVersion}"));
        if (Draft.Description != Draft.OriginalDescription)
        {
            parts.Add("description");
        }

        if (Draft.Common.IsDirty)
        {
            parts.Add("common overrides");
        }

        parts.AddRange(Draft.Servers.Where(s => !s.IsDetached && s.IsDirty).Select(s => $"overrides of {s.Key.SavedName} {s.Key.ServerVersion}"));
        return parts;
    }

    /// <summary>The review state of an attached (or to-be-attached) server, when the page knows it.</summary>
    private (string Status, int? ServedRevision)? ReviewOf(ServerKey key) =>
        _attaching.TryGetValue(key, out var server) ? (server.ReviewStatus, server.ApprovedRevision)
        : ExpandedOf(key) is { } expanded ? (expanded.Server.ReviewStatus, expanded.Server.ServedRevision)
        : null;

    /// <summary>A server's own overrides in short form, from what is typed for it (or what was saved when the text is no JSON object).</summary>
    private static IEnumerable<(string Key, string Brief)> BriefOverrides(OverridesDraft draft)
    {
        var overrides = JsonText.TryParseObject(draft.Text, out var edited, out _, out _) ? edited : draft.Original;
        return overrides.Select(p => (OverridePresentation.KeyLabel(p.Key), OverridePresentation.Brief(p.Value)));
    }

    private async Task DeleteAsync()
    {
        if (Gateway is null)
        {
            return;
        }

        var unsaved = Draft?.IsDirty == true ? " Unsaved changes on this page are not saved by deleting." : string.Empty;
        var confirmed = await ConfirmDestructive.AskAsync(
            Dialogs, "Delete gateway",
            $"Delete {Gateway.GatewaySavedName} {Gateway.GatewayVersion}? Runtimes stop getting its configuration. It can be restored later.{unsaved}",
            "Delete", icon: Icons.Material.Filled.Delete);
        if (!confirmed)
        {
            return;
        }

        await WriteAsync(() => Gateways.DeleteAsync(Key, Gateway.Revision, Actor!), "Gateway deleted. Restore brings it back.");
    }

    private async Task RestoreAsync()
    {
        if (Gateway is null)
        {
            return;
        }

        await WriteAsync(() => Gateways.RestoreAsync(Key, Gateway.Revision, Actor!), "Gateway restored.");
    }

    private async Task ConfirmLeaveAsync(LocationChangingContext context)
    {
        // Switching tabs rewrites only the query string of this page: nothing is lost.
        var here = new Uri(Navigation.Uri).GetLeftPart(UriPartial.Path);
        var there = new Uri(Navigation.ToAbsoluteUri(context.TargetLocation).ToString()).GetLeftPart(UriPartial.Path);
        if (Draft?.IsDirty != true || here == there)
        {
            return;
        }

        var discard = await ConfirmDestructive.AskAsync(
            Dialogs, "Discard unsaved changes?",
            $"This gateway has changes that are not saved ({string.Join(", ", PendingSummary())}). Leaving this page discards them.",
            "Discard changes", "Keep editing", Icons.Material.Filled.Undo);
        if (!discard)
        {
            context.PreventNavigation();
        }
    }

    /// <summary>Where the service's field errors of <paramref name="patch"/> go: the description, the common editor, each sent server's editor.</summary>
    private ErrorRoutes ErrorRoutesOf(GatewayPatch patch)
    {
        var routes = new ErrorRoutes()
            .Field(GatewayDraft.DescriptionPath, "Description")
            .Editor(GatewayDraft.CommonPath, "Common overrides", CommonEditorName, Draft!.Common.Text);
        for (var i = 0; i < patch.Entries.Count; i++)
        {
            var entry = patch.Entries[i];
            routes.Editor(JsonPath.Index(GatewayDraft.ServersPath, i), $"{entry.Key.SavedName} · {entry.Key.ServerVersion}", EditorNameOf(entry.Key), entry.Text);
        }

        return routes;
    }

    private const string CommonEditorName = "common-overrides";

    /// <summary>The name an overrides editor goes by in the error summary.</summary>
    internal static string EditorNameOf(ServerKey key) => $"overrides-{key.SavedName}-{key.ServerVersion}";

    /// <summary>Runs one write with the progress bar on; an unexpected failure goes to the page's error boundary.</summary>
    private async Task<Result<GatewayDto>> RunAsync(Func<Task<Result<GatewayDto>>> write)
    {
        Busy = true;
        try
        {
            return await write();
        }
        finally
        {
            Busy = false;
        }
    }

    /// <summary>One whole-gateway write (delete, restore): the new state and <paramref name="done"/>, or the failure.</summary>
    private async Task WriteAsync(Func<Task<Result<GatewayDto>>> write, string done)
    {
        var outcome = await RunAsync(write);
        if (outcome.IsSuccess)
        {
            await AcceptAsync(outcome.Value, done);
        }
        else
        {
            ShowFailure(outcome.Error);
        }
    }

    private async Task AcceptAsync(GatewayDto gateway, string message)
    {
        Gateway = gateway;
        Conflict = false;
        ChangedElsewhere = false;
        Draft!.Rebase(gateway);
        Snackbar.Add(message, Severity.Success);
        await LoadConfigAsync();
    }

    private void ShowFailure(Error error)
    {
        if (error.Kind == ErrorKind.PreconditionFailed)
        {
            Conflict = true;
            return;
        }

        Snackbar.Add(error.Message, Severity.Error);
    }
}
