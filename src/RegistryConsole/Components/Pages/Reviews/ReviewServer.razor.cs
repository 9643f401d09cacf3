using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Reviews;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Components.Pages.Reviews;

/// <summary>
/// One server's review: the served snapshot against the pending revision, the automatic findings, and the decision
/// (<see cref="IReviewService.ReviewAsync"/> with the revision read as the expected one).
/// </summary>
public sealed partial class ReviewServer
{
    private ServerKey? _loadedKey;

    [Inject]
    public required IReviewService Reviews { get; init; }

    [Inject]
    public required IServerService Servers { get; init; }

    [Parameter]
    public required string SavedName { get; set; }

    [Parameter]
    public required string Version { get; set; }

    internal ServerReviewDto? Review { get; private set; }

    internal string? LoadError { get; private set; }

    internal bool Conflict { get; private set; }

    private string ServedText { get; set; } = string.Empty;

    private string PendingText { get; set; } = string.Empty;

    private string DiffHeight => JsonText.HeightFor(PendingText.Length > ServedText.Length ? PendingText : ServedText, 12, 40);

    /// <summary>The diff line the last clicked finding points at.</summary>
    internal DiffLine? Revealed { get; private set; }

    internal IReadOnlyList<GatewayUsageDto> Gateways { get; private set; } = [];

    private string? GatewaysError { get; set; }

    private IReadOnlyList<string> ChangedOverridableKeys =>
        Review is null ? [] : [.. GatewayExpansion.OverridableKeys.Where(Review.ChangedKeys.Contains)];

    private ServerKey Key => new(SavedName, Version);

    private List<BreadcrumbItem> Breadcrumbs =>
    [
        new("Review queue", ReviewPresentation.QueueHref),
        new($"{SavedName} · {Version}", null, disabled: true),
    ];

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
        Review = null;
        LoadError = null;
        Conflict = false;
        if (Actor is null)
        {
            LoadError = "Your account has no console role; ask an admin for one.";
            return;
        }

        var result = await Reviews.GetReviewAsync(Key, Actor);
        if (!result.IsSuccess)
        {
            LoadError = result.Error.Kind == ErrorKind.NotFound
                ? $"There is no server '{SavedName}' version '{Version}' in this registry."
                : result.Error.Message;
            return;
        }

        Review = result.Value;
        ServedText = Review.Served is null ? string.Empty : JsonText.Format(Review.Served);
        PendingText = JsonText.Format(Review.Pending);
        Revealed = null;
        await LoadGatewaysAsync();
    }

    private async Task LoadGatewaysAsync()
    {
        GatewaysError = null;
        var gateways = await Servers.ListGatewaysAsync(Key, new PageRequest(1, PageRequestRules.MaxPerPage), Actor!);
        Gateways = gateways.IsSuccess ? gateways.Value.Items : [];
        GatewaysError = gateways.IsSuccess ? null : $"The gateways could not be listed: {gateways.Error.Message}";
    }

    /// <summary>Scrolls the diff to the finding's path: on the pending side when it is there, else on the served side (a removed key).</summary>
    internal void ShowInDiff(Finding finding)
    {
        var pendingLine = JsonLineLocator.LineOf(PendingText, finding.Path, out var inPending);
        if (!inPending && ServedText.Length > 0)
        {
            var servedLine = JsonLineLocator.LineOf(ServedText, finding.Path, out var inServed);
            if (inServed)
            {
                Revealed = new DiffLine(Original: true, servedLine);
                return;
            }
        }

        Revealed = new DiffLine(Original: false, pendingLine);
    }

    private void OnFindingKey(KeyboardEventArgs e, Finding finding)
    {
        if (e.Key is "Enter" or " ")
        {
            ShowInDiff(finding);
        }
    }

    private async Task ReloadAsync()
    {
        await LoadAsync();
        Snackbar.Add("Reloaded the current revision.", Severity.Info);
    }

    private void OnDecided(ServerDto _) => Navigation.NavigateTo(ReviewPresentation.QueueHref);
}
