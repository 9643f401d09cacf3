using RegistryConsole.Core.Servers;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Gateways;

namespace RegistryConsole.Components.Pages.Gateways;

/// <summary>How a gateway is named and linked in the console.</summary>
public static class GatewayPresentation
{
    public const string ListHref = "/gateways";

    public const string AddHref = "/gateways/new";

    public static string DetailHref(string savedName, string version) =>
        $"/gateways/{Uri.EscapeDataString(savedName)}/{Uri.EscapeDataString(version)}";

    public static string DetailHref(GatewayDto gateway) => DetailHref(gateway.GatewaySavedName, gateway.GatewayVersion);

    /// <summary>Where an overridden key's value comes from, in words.</summary>
    public static string LevelOf(string level) => level switch
    {
        "common_overrides" => "common override",
        "gateway_overrides" => "server override",
        _ => level,
    };

    /// <summary>
    /// Active registry servers matching the attach search box, minus those already attached; empty when the search
    /// is cancelled (a newer keystroke) or refused.
    /// </summary>
    public static async Task<IEnumerable<ServerDto>> SearchAttachableAsync(
        IServerService servers, Actor actor, string? text, IReadOnlySet<ServerKey> attached, CancellationToken cancellationToken)
    {
        try
        {
            var query = new ServerListQuery { Search = string.IsNullOrWhiteSpace(text) ? null : text.Trim(), PerPage = 20, IsActive = true };
            var result = await servers.ListAsync(query, actor, cancellationToken);
            return result.IsSuccess
                ? result.Value.Items.Where(s => !attached.Contains(new ServerKey(s.SavedName, s.ServerVersion))).ToList()
                : [];
        }
        catch (OperationCanceledException)
        {
            return [];
        }
    }
}
