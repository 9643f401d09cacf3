using System.Globalization;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Audit;

namespace RegistryConsole.Components.Pages.Audit;

/// <summary>
/// The audit log's filters and page as they live in the query string
/// (<c>?entity=server&amp;actor=alice&amp;action=server.modify&amp;from=2026-01-01T07:30Z&amp;to=2026-01-31T18:00Z&amp;page=2</c>).
/// <see cref="From"/> and <see cref="To"/> are UTC instants to the minute (the page shows and takes them in the
/// browser's local time); "to" includes its whole minute. A bare day (<c>2026-01-31</c>) still reads as that UTC day,
/// "to" as its end.
/// </summary>
public sealed record AuditListState() : GridUrlState(DefaultPerPage)
{
    public const int DefaultPerPage = 50;
    private const string DayFormat = "yyyy-MM-dd";
    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm'Z'";
    private const string LocalInputFormat = "yyyy-MM-dd'T'HH:mm";

    public static readonly IReadOnlyList<int> PageSizes = [20, 50, 100];

    public static AuditListState Default { get; } = new();

    public string? EntityType { get; init; }

    public string? Actor { get; init; }

    public string? Action { get; init; }

    public string? Search { get; init; }

    /// <summary>The first UTC minute shown.</summary>
    public DateTime? From { get; init; }

    /// <summary>The last UTC minute shown (whole).</summary>
    public DateTime? To { get; init; }

    public override bool HasFilters => EntityType is not null || Actor is not null || Action is not null || Search is not null || From is not null || To is not null;

    public static AuditListState FromQuery(int? page, int? perPage, string? entity, string? actor, string? action, string? search, string? from, string? to) => new()
    {
        Page = PageOf(page),
        PerPage = PerPageOf(perPage, DefaultPerPage),
        EntityType = AuditEntities.All.Contains(entity) ? entity : null,
        Actor = Clean(actor),
        Action = Clean(action),
        Search = Clean(search),
        From = ParseInstant(from, endOfDay: false),
        To = ParseInstant(to, endOfDay: true),
    };

    protected override void AddFilters(IDictionary<string, object?> query)
    {
        query["entity"] = EntityType;
        query["actor"] = Actor;
        query["action"] = Action;
        query["search"] = Search;
        query["from"] = From?.ToString(InstantFormat, CultureInfo.InvariantCulture);
        query["to"] = To?.ToString(InstantFormat, CultureInfo.InvariantCulture);
    }

    public AuditQuery ToServiceQuery() => new()
    {
        Page = Page,
        PerPage = PerPage,
        EntityType = EntityType,
        Actor = Actor,
        Action = Action,
        Search = Search,
        From = From is { } from ? DateTime.SpecifyKind(from, DateTimeKind.Utc) : null,
        To = To is { } to ? DateTime.SpecifyKind(to.AddMinutes(1).AddTicks(-1), DateTimeKind.Utc) : null,
    };

    public static string? Clean(string? text) => TextOf(text);

    /// <summary>A UTC instant as the local <c>datetime-local</c> input shows it (<c>2026-01-31T08:30</c>).</summary>
    public static string? ToLocalInput(DateTime? utc, TimeZoneInfo zone) =>
        utc is { } instant ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(instant, DateTimeKind.Utc), zone).ToString(LocalInputFormat, CultureInfo.InvariantCulture) : null;

    /// <summary>The UTC minute of what a <c>datetime-local</c> input holds in <paramref name="zone"/>; null when empty or not a time there.</summary>
    public static DateTime? FromLocalInput(string? text, TimeZoneInfo zone)
    {
        if (!DateTime.TryParseExact(text?.Trim(), [LocalInputFormat, "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        local = DateTime.SpecifyKind(local.AddSeconds(-local.Second), DateTimeKind.Unspecified);
        return zone.IsInvalidTime(local) ? null : TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    private static DateTime? ParseInstant(string? text, bool endOfDay)
    {
        if (DateTime.TryParseExact(text, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return DateTime.SpecifyKind(endOfDay ? day.Date.AddDays(1).AddMinutes(-1) : day.Date, DateTimeKind.Utc);
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var instant)
            && text!.Contains('T', StringComparison.Ordinal))
        {
            return DateTime.SpecifyKind(new DateTime(instant.Year, instant.Month, instant.Day, instant.Hour, instant.Minute, 0), DateTimeKind.Utc);
        }

        return null;
    }
}
