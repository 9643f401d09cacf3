using System.Globalization;
using MudBlazor;

namespace RegistryConsole.Components.Shared;

/// <summary>How audit events are named and coloured in the console.</summary>
public static class AuditPresentation
{
    /// <summary>The actions the Core services record, for the audit log's filter; others still show when found.</summary>
    public static readonly IReadOnlyList<string> KnownActions =
    [
        "server.add", "server.modify", "server.delete", "server.restore", "server.approve", "server.reject",
        "gateway.add", "gateway.modify", "gateway.delete", "gateway.restore",
        "api_key.create", "api_key.revoke", "settings.modify", "user.sign_in_failed",
    ];

    public static Color ColorOf(string action) => action switch
    {
        _ when action.EndsWith(".add", StringComparison.Ordinal) || action.EndsWith(".create", StringComparison.Ordinal) => Color.Success,
        _ when action.EndsWith(".delete", StringComparison.Ordinal) || action.EndsWith(".revoke", StringComparison.Ordinal)
            || action.EndsWith(".reject", StringComparison.Ordinal) || action.EndsWith("_failed", StringComparison.Ordinal) => Color.Error,
        _ when action.EndsWith(".approve", StringComparison.Ordinal) || action.EndsWith(".restore", StringComparison.Ordinal) => Color.Info,
        _ => Color.Primary,
    };

    public static string Timestamp(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
