using System.Globalization;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Components.Pages.Servers;

/// <summary>
/// What the servers grid shows, as it lives in the query string (<c>?page=2&amp;search=fs&amp;status=all&amp;sort=updated_at&amp;order=desc</c>)
/// so a reload or a shared link shows the same page. Values the service would refuse fall back to the defaults.
/// </summary>
public sealed record ServerListState
{
    public const string Active = "active";
    public const string Deleted = "deleted";
    public const string All = "all";
    public const int DefaultPerPage = 20;

    public static readonly IReadOnlyList<int> PageSizes = [10, 20, 50, 100];

    /// <summary>The grid columns the service can sort by, keyed by the grid's column property name.</summary>
    public static readonly IReadOnlyDictionary<string, string> SortColumns = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [nameof(ServerDto.SavedName)] = "saved_name",
        [nameof(ServerDto.UpdatedAt)] = "updated_at",
        [nameof(ServerDto.CreatedAt)] = "created_at",
    };

    public static ServerListState Default { get; } = new();

    public int Page { get; init; } = 1;

    public int PerPage { get; init; } = DefaultPerPage;

    public string? Search { get; init; }

    public string Status { get; init; } = Active;

    public string? Review { get; init; }

    public string Sort { get; init; } = "saved_name";

    public string Order { get; init; } = "asc";

    public bool HasFilters => !string.IsNullOrWhiteSpace(Search) || Status != Active || Review is not null;

    public static ServerListState FromQuery(int? page, int? perPage, string? search, string? status, string? review, string? sort, string? order) => new()
    {
        Page = page is > 0 ? page.Value : 1,
        PerPage = perPage is { } size && size is >= 1 and <= PageRequestRules.MaxPerPage ? size : DefaultPerPage,
        Search = string.IsNullOrWhiteSpace(search) ? null : search.Trim(),
        Status = status is Deleted or All ? status : Active,
        Review = review is not null && ReviewStatuses.All.Contains(review) ? review : null,
        Sort = sort is not null && SortColumns.Values.Contains(sort) ? sort : "saved_name",
        Order = order == "desc" ? "desc" : "asc",
    };

    /// <summary>The query-string parameters; defaults are left out (null removes them) so URLs stay short.</summary>
    public IReadOnlyDictionary<string, object?> ToQuery() => new Dictionary<string, object?>
    {
        ["page"] = Page == 1 ? null : Page.ToString(CultureInfo.InvariantCulture),
        ["per_page"] = PerPage == DefaultPerPage ? null : PerPage.ToString(CultureInfo.InvariantCulture),
        ["search"] = Search,
        ["status"] = Status == Active ? null : Status,
        ["review"] = Review,
        ["sort"] = Sort == "saved_name" && Order == "asc" ? null : Sort,
        ["order"] = Sort == "saved_name" && Order == "asc" ? null : Order,
    };

    public ServerListQuery ToServiceQuery() => new()
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
        ReviewStatus = Review,
        Sort = Sort,
        Order = Order,
    };
}
