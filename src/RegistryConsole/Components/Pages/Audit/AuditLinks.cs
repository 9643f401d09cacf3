using System.Globalization;
using RegistryConsole.Components.Pages.Gateways;
using RegistryConsole.Components.Pages.Servers;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Audit;

namespace RegistryConsole.Components.Pages.Audit;

/// <summary>Where an audit event's entity lives in the console, and its time in the reader's own time zone.</summary>
public static class AuditLinks
{
    /// <summary>
    /// The page of the event's entity: server and gateway detail (the name is <c>saved_name@version</c>), the Users,
    /// API keys and Settings pages for admins; null when there is none to open.
    /// </summary>
    public static string? EntityHref(AuditEventDto e, Actor? actor)
    {
        var admin = actor?.Can(Permission.Administer) == true;
        return e.EntityType switch
        {
            AuditEntities.Server when Split(e.EntityName) is var (name, version) => ServerPresentation.DetailHref(name, version),
            AuditEntities.Gateway when Split(e.EntityName) is var (name, version) => GatewayPresentation.DetailHref(name, version),
            AuditEntities.User when admin && e.EntityId != "unknown" => "/users",
            AuditEntities.ApiKey when admin => "/api-keys",
            AuditEntities.Settings => "/settings",
            _ => null,
        };
    }

    /// <summary>The event time in <paramref name="zone"/>: <c>2026-03-04 05:06:07 UTC</c>, or <c>2026-03-04 06:06:07 UTC+01:00</c> elsewhere.</summary>
    public static string Timestamp(DateTime utc, TimeZoneInfo zone)
    {
        if (IsUtc(zone))
        {
            return Shared.AuditPresentation.Timestamp(utc);
        }

        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
        var offset = zone.GetUtcOffset(local);
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + $" UTC{sign}{offset.Duration():hh\\:mm}";
    }

    /// <summary>UTC itself (or a zone that never differs from it).</summary>
    public static bool IsUtc(TimeZoneInfo zone) => zone.BaseUtcOffset == TimeSpan.Zero && !zone.SupportsDaylightSavingTime;

    private static (string Name, string Version)? Split(string entityName)
    {
        // Saved names and versions never hold '@' (Identifiers), so the first one separates them.
        var at = entityName.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < entityName.Length - 1 ? (entityName[..at], entityName[(at + 1)..]) : null;
    }
}
