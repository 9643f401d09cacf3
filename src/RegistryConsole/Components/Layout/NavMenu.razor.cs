using System.Reflection;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using RegistryConsole.Core.Access;

namespace RegistryConsole.Components.Layout;

/// <summary>
/// The main navigation. Every section the console will have is listed here once; an entry shows when its page
/// exists in this build and the signed-in actor may use it, so Gateways, Review queue, Audit log, Users, API keys
/// and Settings appear by themselves when their pages land.
/// </summary>
public sealed partial class NavMenu
{
    public static readonly IReadOnlyList<NavItem> AllItems =
    [
        new("Servers", "/servers", Icons.Material.Filled.Dns, Permission.ReadRegistry),
        new("Gateways", "/gateways", Icons.Material.Filled.Hub, Permission.ReadRegistry),
        new("Review queue", "/reviews", Icons.Material.Filled.FactCheck, Permission.ReviewServers),
        new("Audit log", "/audit", Icons.Material.Filled.History, Permission.ReadRegistry),
        new("Users", "/users", Icons.Material.Filled.People, Permission.Administer),
        new("API keys", "/api-keys", Icons.Material.Filled.Key, Permission.Administer),
        new("Settings", "/settings", Icons.Material.Filled.Settings, Permission.ReadRegistry),
    ];

    private static readonly Lazy<HashSet<string>> Routes = new(() => typeof(NavMenu).Assembly.GetTypes()
        .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
        .Select(r => "/" + r.Template.Trim('/'))
        .ToHashSet(StringComparer.OrdinalIgnoreCase));

    [Parameter]
    public Actor? Actor { get; set; }

    private IEnumerable<NavItem> Items => AllItems.Where(i => HasPage(i.Href) && Actor is not null && Actor.Can(i.Permission));

    public static bool HasPage(string href) => Routes.Value.Contains(href);

    public sealed record NavItem(string Title, string Href, string Icon, Permission Permission);
}
