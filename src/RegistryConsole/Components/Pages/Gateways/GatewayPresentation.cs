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
}
