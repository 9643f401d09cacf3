using System.Globalization;
using System.Text.Json.Nodes;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Components.Pages.Servers;

/// <summary>How a server is named and linked in the console.</summary>
public static class ServerPresentation
{
    /// <summary>stdio or remote: a server whose <c>mcp_config.config</c> has a <c>url</c> is remote.</summary>
    public static string TransportOf(ServerDto server) =>
        server.McpConfig["config"] is JsonObject config && config.ContainsKey("url") ? Transports.Remote : Transports.Stdio;

    public static string DetailHref(string savedName, string version) =>
        $"/servers/{Uri.EscapeDataString(savedName)}/{Uri.EscapeDataString(version)}";

    public static string DetailHref(ServerDto server) => DetailHref(server.SavedName, server.ServerVersion);

    public static string EditHref(ServerDto server) => DetailHref(server) + "/edit";

    public static string Timestamp(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string ShortTimestamp(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string? Timestamp(DateTime? utc) => utc is null ? null : Timestamp(utc.Value);
}
