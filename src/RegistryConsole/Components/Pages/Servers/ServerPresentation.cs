using System.Globalization;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Components.Pages.Servers;

/// <summary>How a server is named and linked in the console.</summary>
public static class ServerPresentation
{
    /// <summary>stdio or remote, as Core stores it (<see cref="ServerDto.Transport"/>).</summary>
    public static string TransportOf(ServerDto server) => server.Transport;

    public static string DetailHref(string savedName, string version) =>
        $"/servers/{Uri.EscapeDataString(savedName)}/{Uri.EscapeDataString(version)}";

    public static string DetailHref(ServerDto server) => DetailHref(server.SavedName, server.ServerVersion);

    public static string EditHref(ServerDto server) => DetailHref(server) + "/edit";

    public static string Timestamp(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string ShortTimestamp(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// The review state as people read it: an approved server with a change waiting is "approved · change pending"
    /// (gateways still serve it), not just "pending"; likewise "approved · change rejected".
    /// </summary>
    public static string StatusLabel(ServerDto server) => StatusLabel(server.ReviewStatus, server.ApprovedRevision);

    public static string StatusLabel(string reviewStatus, int? approvedRevision) => reviewStatus switch
    {
        ReviewStatuses.Pending when approvedRevision is not null => "approved · change pending",
        ReviewStatuses.Rejected when approvedRevision is not null => "approved · change rejected",
        var status => status,
    };

    public static string? Timestamp(DateTime? utc) => utc is null ? null : Timestamp(utc.Value);
}
