using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Reviews;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Components.Pages.Servers;

/// <summary>One server version: metadata, its configuration (read-only editors), the gateways that use it; delete and restore.</summary>
public sealed partial class ServerDetail
{
    private static readonly string[] Tabs = ["overview", "configuration", "gateways", "history"];

    [Inject]
    public required IServerService Servers { get; init; }

    [Inject]
    public required IGatewayService GatewayConfigs { get; init; }

    [Inject]
    public required IReviewService Reviews { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Parameter]
    public string SavedName { get; set; } = string.Empty;

    [Parameter]
    public string Version { get; set; } = string.Empty;

    [SupplyParameterFromQuery(Name = "tab")]
    public string? Tab { get; set; }

    internal ServerDto? Server { get; private set; }

    internal IReadOnlyList<GatewayUsageDto> Gateways { get; private set; } = [];

    /// <summary>What each gateway serves for this server (by gateway id): the expanded entry, secrets masked.</summary>
    internal IReadOnlyDictionary<string, ExpandedServerDto> Effective { get; private set; } = new Dictionary<string, ExpandedServerDto>();

    /// <summary>Every version of this saved name (the version switcher), newest name order.</summary>
    internal IReadOnlyList<ServerDto> Versions { get; private set; } = [];

    /// <summary>The served (approved) <c>mcp_config</c>, masked, when the current revision is not the served one.</summary>
    internal JsonObject? ServedView { get; private set; }

    /// <summary>The Configuration tab shows the served revision instead of the current one.</summary>
    internal bool ShowServed { get; private set; }

    private bool IsOwnChange { get; set; }

    private bool CanReview => Can(Permission.ReviewServers);

    private JsonObject ShownConfig => ShowServed && ServedView is not null ? ServedView : Server?.McpConfig ?? [];

    private string PendingSentence => Server switch
    {
        null => string.Empty,
        { ReviewStatus: ReviewStatuses.Rejected } s => s.ApprovedRevision is { } served
            ? $"Revision {s.Revision} was rejected; gateways serve revision {served}."
            : $"Revision {s.Revision} was rejected; nothing of this server is served.",
        var s => s.ApprovedRevision is { } served
            ? $"Revision {s.Revision} awaits review; gateways serve revision {served}."
            : $"Revision {s.Revision} awaits review; nothing is served until it is approved.",
    };

    private bool Loading { get; set; } = true;

    private bool Busy { get; set; }

    private string? LoadError { get; set; }

    private bool NotFound { get; set; }

    private string? GatewaysError { get; set; }

    private bool Conflict { get; set; }

    /// <summary>Set when a live refresh brought a newer revision than the one first shown.</summary>
    private string? RevisedElsewhere { get; set; }

    private bool CanWrite => Can(Permission.WriteRegistry);

    private ServerKey Key => new(SavedName, Version);

    private int ActiveTab => Math.Max(0, Array.IndexOf(Tabs, Tab ?? Tabs[0]));

    private string Transport => Server is null ? Transports.Stdio : ServerPresentation.TransportOf(Server);

    private bool? ServerInfoValidation =>
        ShownConfig[McpSections.ServerInfoValidation] is JsonValue value && value.TryGetValue<bool>(out var on) ? on : null;

    private IReadOnlyList<BreadcrumbItem> Breadcrumbs =>
    [
        new("Servers", "/servers"),
        new(SavedName, null, disabled: true),
        new(Version, null, disabled: true),
    ];

    private IEnumerable<(string Label, string Value)> Overview
    {
        get
        {
            if (Server is null)
            {
                yield break;
            }

            yield return ("Server name", Server.ServerName ?? "—");
            yield return ("Description", Server.Description ?? "—");
            yield return ("Job id", Server.JobId ?? "—");
            yield return ("Source version", Server.SourceVersion ?? "—");
            yield return ("Registry", $"{Server.RegistryName} (project {Server.ProjectName})");
            yield return ("Revision", Server.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture)
                + (Server.ApprovedRevision is { } approved ? $" (approved: {approved})" : " (none approved yet)"));
            yield return ("Created", $"{ServerPresentation.Timestamp(Server.CreatedAt)} by {Server.CreatedBy ?? "?"}");
            yield return ("Updated", $"{ServerPresentation.Timestamp(Server.UpdatedAt)} by {Server.UpdatedBy ?? "?"}");
            if (Server.DeletedAt is not null)
            {
                yield return ("Deleted", $"{ServerPresentation.Timestamp(Server.DeletedAt)} by {Server.DeletedBy ?? "?"}");
            }

            if (Server.ReviewedBy is not null)
            {
                yield return ("Reviewed by", Server.ReviewedBy);
            }

            if (Server.IsSample)
            {
                yield return ("Sample", "seeded demo data");
            }
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        if (Server is null || Server.SavedName != SavedName || Server.ServerVersion != Version)
        {
            await LoadAsync();
        }
    }

    private async Task LoadAsync()
    {
        Loading = true;
        LoadError = null;
        NotFound = false;
        Conflict = false;
        RevisedElsewhere = null;
        if (Actor is null)
        {
            LoadError = "Your account has no console role; ask an admin for one.";
            Loading = false;
            return;
        }

        try
        {
            var result = await Servers.GetAsync(Key, Actor);
            if (!result.IsSuccess)
            {
                NotFound = result.Error.Kind == ErrorKind.NotFound;
                LoadError = result.Error.Message;
                Server = null;
                return;
            }

            Server = result.Value;
            await LoadReviewAsync();
            await LoadVersionsAsync();
            await LoadGatewaysAsync();
        }
        finally
        {
            Loading = false;
        }
    }

    private async Task LoadGatewaysAsync()
    {
        GatewaysError = null;
        var gateways = await Servers.ListGatewaysAsync(Key, new PageRequest(1, PageRequestRules.MaxPerPage), Actor!);
        if (gateways.IsSuccess)
        {
            Gateways = gateways.Value.Items;
            // One Core call expands this server for every gateway, secrets masked for everyone (the console never shows one).
            var expanded = await GatewayConfigs.ExpandForServerMaskedAsync(Key, Actor!);
            var effective = expanded.IsSuccess ? expanded.Value : new Dictionary<string, ExpandedServerDto>();
            Effective = effective;
        }
        else
        {
            Gateways = [];
            GatewaysError = gateways.Error.Message;
        }
    }

    private async Task LoadReviewAsync()
    {
        ServedView = null;
        ShowServed = false;
        IsOwnChange = false;
        if (Server is null || Server.ApprovedRevision == Server.Revision)
        {
            return;
        }

        var review = await Reviews.GetReviewAsync(Key, Actor!);
        if (review.IsSuccess)
        {
            ServedView = review.Value.Served?["mcp_config"] as JsonObject;
            IsOwnChange = review.Value.IsOwnChange;
        }
    }

    private async Task LoadVersionsAsync()
    {
        var query = new ServerListQuery { Search = SavedName, PerPage = PageRequestRules.MaxPerPage, Sort = "saved_name" };
        var versions = await Servers.ListAsync(query, Actor!);
        Versions = versions.IsSuccess
            ? [.. versions.Value.Items.Where(s => s.SavedName == SavedName).OrderBy(s => s.ServerVersion, StringComparer.Ordinal)]
            : [];
    }

    private void ShowServedConfig(bool served) => ShowServed = served;

    private async Task OnDecidedAsync(ServerDto decided)
    {
        Server = decided;
        await LoadReviewAsync();
    }

    private Task ReloadAsync() => LoadAsync();

    /// <summary>
    /// Someone committed a registry change (issue 13 item 8): re-read this server quietly, without the progress bar, so the
    /// status chip, the pending banner and the decision area follow another reviewer's decision, an edit or a restore.
    /// The review (served view, own-change flag) is re-read only when the review state moved, so a served/pending toggle
    /// and a note typed into the decision stay as they are. Nothing is editable on this page, so nothing unsaved is lost.
    /// </summary>
    private async Task RefreshAsync()
    {
        if (Server is not { } shown || Actor is null || Loading || Busy)
        {
            return;
        }

        var result = await Servers.GetAsync(Key, Actor);
        if (!result.IsSuccess)
        {
            // Gone or unreadable now: the next navigation says so; a live refresh does not blank the page.
            return;
        }

        Server = result.Value;
        if (shown.Revision != Server.Revision)
        {
            // A decision here now applies to what is shown, and the reviewer should know it is not what they started reading.
            RevisedElsewhere = $"Revision {Server.Revision} was saved by {Server.UpdatedBy ?? "someone else"} while this page was open; the page now shows it.";
        }

        if (shown.Revision != Server.Revision || shown.ApprovedRevision != Server.ApprovedRevision || shown.ReviewStatus != Server.ReviewStatus)
        {
            await LoadReviewAsync();
        }

        await LoadVersionsAsync();
        await LoadGatewaysAsync();
    }

    private void OnTabChanged(int index)
    {
        var tab = index > 0 && index < Tabs.Length ? Tabs[index] : null;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("tab", tab), new NavigationOptions { ReplaceHistoryEntry = true });
    }

    private string? SectionText(McpSection section) =>
        ShownConfig.TryGetPropertyValue(section.Key, out var node) == true && node is not null ? JsonText.Format(node) : null;

    /// <summary>Whether this gateway serves this server now: an active gateway, an active server, an approved revision.</summary>
    private string ServesNow(GatewayUsageDto gateway)
    {
        if (!gateway.IsActive)
        {
            return "no: the gateway is deleted";
        }

        if (Server?.IsActive != true)
        {
            return "no: the server is deleted";
        }

        var revision = Effective.TryGetValue(gateway.GatewayId, out var served) ? served.ServedRevision : Server.ApprovedRevision;
        return revision is null ? "no: never approved" : $"yes · active, revision {revision}";
    }

    /// <summary>The value the gateway serves for an overridable key, and where it comes from (common, per-server, registry).</summary>
    private (JsonNode? Value, string Source) EffectiveKey(GatewayUsageDto gateway, string key)
    {
        var levels = GatewayExpansion.OverriddenKeys(gateway.Overrides, gateway.CommonOverrides);
        var level = levels.GetValueOrDefault(key);
        var value = Effective.TryGetValue(gateway.GatewayId, out var served) && served.ServedRevision is not null ? served.McpConfig[key]
            : level == "common_overrides" ? gateway.CommonOverrides[key]
            : level == "gateway_overrides" ? gateway.Overrides[key]
            : Server?.McpConfig[key];
        return (value, OverridePresentation.SourceLabel(level));
    }

    private async Task DeleteAsync()
    {
        if (Server is null || Actor is null)
        {
            return;
        }

        Busy = true;
        try
        {
            // Ask again now: the dialog must name the gateways affected at the moment of deleting.
            await LoadGatewaysAsync();
            var parameters = new DialogParameters<DeleteServerDialog>
            {
                { d => d.SavedName, Server.SavedName },
                { d => d.Version, Server.ServerVersion },
                { d => d.Gateways, Gateways },
            };
            var dialog = await Dialogs.ShowAsync<DeleteServerDialog>("Delete server", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
            var answer = await dialog.Result;
            if (answer is null || answer.Canceled)
            {
                return;
            }

            Apply(await Servers.DeleteAsync(Key, Server.Revision, Actor), $"Deleted {Server.SavedName} {Server.ServerVersion}");
        }
        finally
        {
            Busy = false;
        }
    }

    private async Task RestoreAsync()
    {
        if (Server is null || Actor is null)
        {
            return;
        }

        Busy = true;
        try
        {
            Apply(await Servers.RestoreAsync(Key, Server.Revision, Actor), $"Restored {Server.SavedName} {Server.ServerVersion}");
        }
        finally
        {
            Busy = false;
        }
    }

    private void Apply(Result<ServerDto> result, string success)
    {
        if (result.IsSuccess)
        {
            Server = result.Value;
            Conflict = false;
            Snackbar.Add(success, Severity.Success);
            return;
        }

        if (result.Error.Kind == ErrorKind.PreconditionFailed)
        {
            Conflict = true;
            return;
        }

        Snackbar.Add(result.Error.Message, Severity.Error);
    }
}
