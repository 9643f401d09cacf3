using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Reviews;

namespace RegistryConsole.Components.Layout;

/// <summary>
/// The main navigation. Every section the console will have is listed here once; an entry shows when its page
/// exists in this build and the signed-in actor may use it, so Gateways, Review queue, Audit log, Users, API keys
/// and Settings appear by themselves when their pages land. The review queue carries the pending count, read again
/// on every navigation and whenever anyone commits a registry change (<see cref="RegistryChangeListener"/>).
/// </summary>
public sealed partial class NavMenu : IDisposable
{
    private const string ReviewQueueHref = "/reviews";

    public static readonly IReadOnlyList<NavItem> AllItems =
    [
        new("Servers", "/servers", Icons.Material.Filled.Dns, Permission.ReadRegistry),
        new("Gateways", "/gateways", Icons.Material.Filled.Hub, Permission.ReadRegistry),
        new("Review queue", "/reviews", Icons.Material.Filled.FactCheck, Permission.ReviewServers),
        new("Audit log", "/audit", Icons.Material.Filled.History, Permission.ReadRegistry),
        new("Users", "/users", Icons.Material.Filled.People, Permission.Administer),
        new("API keys", "/api-keys", Icons.Material.Filled.Key, Permission.Administer),
        new("Settings", "/settings", Icons.Material.Filled.Settings, Permission.ReadRegistry),
        new("My account", "/account", Icons.Material.Filled.AccountCircle, Permission.ReadServer),
    ];

    private static readonly Lazy<HashSet<string>> Routes = new(() => typeof(NavMenu).Assembly.GetTypes()
        .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
        .Select(r => "/" + r.Template.Trim('/'))
        .ToHashSet(StringComparer.OrdinalIgnoreCase));

    [Inject]
    public required IReviewService Reviews { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Parameter]
    public Actor? Actor { get; set; }

    internal int PendingCount { get; private set; }

    protected override void OnInitialized() => Navigation.LocationChanged += OnLocationChanged;

    protected override Task OnParametersSetAsync() => RefreshCountAsync();

    public void Dispose() => Navigation.LocationChanged -= OnLocationChanged;

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) => _ = InvokeAsync(async () =>
    {
        await RefreshCountAsync();
        StateHasChanged();
    });

    private bool FollowsPendingCount => Actor is not null && Actor.Can(Permission.ReviewServers) && HasPage(ReviewQueueHref);

    private async Task RefreshCountAsync()
    {
        if (Actor is null || !FollowsPendingCount)
        {
            PendingCount = 0;
            return;
        }

        try
        {
            PendingCount = await Reviews.CountPendingAsync(Actor);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The badge is a hint; the queue page itself reports a failing service.
            PendingCount = 0;
        }
    }

    private IEnumerable<NavItem> Items => AllItems.Where(i => HasPage(i.Href) && Actor is not null && Actor.Can(i.Permission));

    public static bool HasPage(string href) => Routes.Value.Contains(href);

    public sealed record NavItem(string Title, string Href, string Icon, Permission Permission);
}
