using System.Globalization;
using RegistryConsole.Core.Audit;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Components.Pages.Audit;

/// <summary>
/// The audit log's filters and page as they live in the query string
/// (<c>?entity=server&amp;actor=alice&amp;action=server.modify&amp;from=2026-01-01&amp;to=2026-01-31&amp;page=2</c>).
/// Dates are UTC days; "to" includes its whole day.
/// </summary>
public sealed record AuditListState
{
    public const int DefaultPerPage = 50;
    private const string DateFormat = "yyyy-MM-dd";

    public static readonly IReadOnlyList<int> PageSizes = [20, 50, 100];

    public static AuditListState Default { get; } = new();

    public int Page { get; init; } = 1;

    public int PerPage { get; init; } = DefaultPerPage;

    public string? EntityType { get; init; }

    public string? Actor { get; init; }

    public string? Action { get; init; }

    public string? Search { get; init; }

    public DateTime? From { get; init; }

    public DateTime? To { get; init; }

    public bool HasFilters => EntityType is not null || Actor is not null || Action is not null || Search is not null || From is not null || To is not null;

    public static AuditListState FromQuery(int? page, int? perPage, string? entity, string? actor, string? action, string? search, string? from, string? to) => new()
    {
        Page = page is > 0 ? page.Value : 1,
        PerPage = perPage is { } size && size is >= 1 and <= PageRequestRules.MaxPerPage ? size : DefaultPerPage,
        EntityType = AuditEntities.All.Contains(entity) ? entity : null,
        Actor = Clean(actor),
        Action = Clean(action),
        Search = Clean(search),
        From = ParseDay(from),
        To = ParseDay(to),
    };

    public IReadOnlyDictionary<string, object?> ToQuery() => new Dictionary<string, object?>
    {
        ["page"] = Page == 1 ? null : Page.ToString(CultureInfo.InvariantCulture),
        ["per_page"] = PerPage == DefaultPerPage ? null : PerPage.ToString(CultureInfo.InvariantCulture),
        ["entity"] = EntityType,
        ["actor"] = Actor,
        ["action"] = Action,
        ["search"] = Search,
        ["from"] = From?.ToString(DateFormat, CultureInfo.InvariantCulture),
        ["to"] = To?.ToString(DateFormat, CultureInfo.InvariantCulture),
    };

    public AuditQuery ToServiceQuery() => new()
    {
        Page = Page,
        PerPage = PerPage,
        EntityType = EntityType,
        Actor = Actor,
        Action = Action,
        Search = Search,
        From = From is { } from ? DateTime.SpecifyKind(from.Date, DateTimeKind.Utc) : null,
        To = To is { } to ? DateTime.SpecifyKind(to.Date.AddDays(1).AddTicks(-1), DateTimeKind.Utc) : null,
    };

    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static DateTime? ParseDay(string? text) =>
        DateTime.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day.Date : null;
}
