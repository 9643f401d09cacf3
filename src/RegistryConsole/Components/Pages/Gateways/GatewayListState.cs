using System.Globalization;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;

namespace RegistryConsole.Components.Pages.Gateways;

/// <summary>
/// What the gateways grid shows, as it lives in the query string (<c>?page=2&amp;search=prod&amp;status=all</c>) so a reload
/// or a shared link shows the same page. Values the service would refuse fall back to the defaults.
/// </summary>
public sealed record GatewayListState
{
    public const string Active = "active";
    public const string Deleted = "deleted";
    public const string All = "all";
    public const int DefaultPerPage = 20;

    public static readonly IReadOnlyList<int> PageSizes = [10, 20, 50, 100];

    public static GatewayListState Default { get; } = new();

    public int Page { get; init; } = 1;

    public int PerPage { get; init; } = DefaultPerPage;

    public string? Search { get; init; }

    public string Status { get; init; } = Active;

    public bool HasFilters => !string.IsNullOrWhiteSpace(Search) || Status != Active;

    public static GatewayListState FromQuery(int? page, int? perPage, string? search, string? status) => new()
    {
        Page = page is > 0 ? page.Value : 1,
        PerPage = perPage is { } size && size is >= 1 and <= PageRequestRules.MaxPerPage ? size : DefaultPerPage,
        Search = string.IsNullOrWhiteSpace(search) ? null : search.Trim(),
        Status = status is Deleted or All ? status : Active,
    };

    /// <summary>The query-string parameters; defaults are left out (null removes them) so URLs stay short.</summary>
    public IReadOnlyDictionary<string, object?> ToQuery() => new Dictionary<string, object?>
    {
        ["page"] = Page == 1 ? null : Page.ToString(CultureInfo.InvariantCulture),
        ["per_page"] = PerPage == DefaultPerPage ? null : PerPage.ToString(CultureInfo.InvariantCulture),
        ["search"] = Search,
        ["status"] = Status == Active ? null : Status,
    };

    public GatewayListQuery ToServiceQuery() => new()
    {
        Page = Page,
        PerPage = PerPage,
        Search = Search,
        IsActive = Status switch
        {
            Active => true,
            Deleted => false,
            _ => null,
        },
    };
}
