using MudBlazor;
using RegistryConsole.Core.Reviews;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Components.Pages.Reviews;

/// <summary>How reviews are linked and findings coloured in the console.</summary>
public static class ReviewPresentation
{
    public const string QueueHref = "/reviews";

    public static string ReviewHref(string savedName, string version) =>
        $"/reviews/{Uri.EscapeDataString(savedName)}/{Uri.EscapeDataString(version)}";

    public static string ReviewHref(ServerDto server) => ReviewHref(server.SavedName, server.ServerVersion);

    /// <summary>What kind of change waits: a server never approved, or a change to an approved one.</summary>
    public static string KindOf(ServerDto server) =>
        server.ApprovedRevision is { } approved ? $"change (revision {approved} is served)" : "new server";

    public static Color ColorOf(string severity) => severity switch
    {
        ReviewFindings.High => Color.Error,
        ReviewFindings.Medium => Color.Warning,
        _ => Color.Info,
    };
}
