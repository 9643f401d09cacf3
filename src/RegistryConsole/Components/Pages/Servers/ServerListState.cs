using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Components.Pages.Servers;

/// <summary>
/// What the servers grid shows, as it lives in the query string (<c>?page=2&amp;search=fs&amp;status=all&amp;sort=updated_at&amp;order=desc</c>)
/// so a reload or a shared link shows the same page. Values the service would refuse fall back to the defaults.
/// <c>?added=fs:v1,github:v1</c> narrows the list to exactly those servers (where bulk add lands).
/// </summary>
public sealed record ServerListState() : GridUrlState(DefaultPerPage)
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

    public string? Search { get; init; }

    public string Status { get; init; } = Active;

    public string? Review { get; init; }

    public string Sort { get; init; } = "saved_name";

    public string Order { get; init; } = "asc";

    /// <summary>Exactly these servers (<see cref="AddedKeys"/>, as the URL spells them), instead of search and filters; null for the usual list.</summary>
    public string? Added { get; init; }

    public override bool HasFilters => !string.IsNullOrWhiteSpace(Search) || Status != Active || Review is not null || Added is not null;

    /// <summary>The servers of <see cref="Added"/>, in name and version order.</summary>
    public IReadOnlyList<ServerKey> AddedKeys => AddedList.Parse(Added);

    public static ServerListState FromQuery(int? page, int? perPage, string? search, string? status, string? review, string? sort, string? order, string? added = null) => new()
    {
        Page = PageOf(page),
        PerPage = PerPageOf(perPage, DefaultPerPage),
        Search = TextOf(search),
        Status = status is Deleted or All ? status : Active,
        Review = review is not null && ReviewStatuses.All.Contains(review) ? review : null,
        Sort = sort is not null && SortColumns.Values.Contains(sort) ? sort : "saved_name",
        Order = order == "desc" ? "desc" : "asc",
        Added = AddedList.Format(AddedList.Parse(added)),
    };

    /// <summary>The list of exactly <paramref name="keys"/> (what a bulk add stored).</summary>
    public static ServerListState OfAdded(IEnumerable<ServerKey> keys) => new() { Added = AddedList.Format([.. keys]) };

    protected override void AddFilters(IDictionary<string, object?> query)
    {
        query["search"] = Search;
        query["status"] = Status == Active ? null : Status;
        query["review"] = Review;
        query["sort"] = Sort == "saved_name" && Order == "asc" ? null : Sort;
        query["order"] = Sort == "saved_name" && Order == "asc" ? null : Order;
        query["added"] = Added;
    }

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

    /// <summary>
    /// <c>name:version,name:version</c>: names and versions never hold ':' or ',' (<see cref="Identifiers"/>), so the list
    /// needs no escaping of its own. Items that are not a valid name and version are dropped.
    /// </summary>
    private static class AddedList
    {
        public static IReadOnlyList<ServerKey> Parse(string? text) =>
            string.IsNullOrWhiteSpace(text)
                ? []
                : [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(item => item.Split(':'))
                    .Where(parts => parts.Length == 2 && Identifiers.IsValid(parts[0]) && Identifiers.IsValid(parts[1]))
                    .Select(parts => new ServerKey(parts[0], parts[1]))];

        /// <summary>Sorted by name and version, each once, so one set of servers has one URL.</summary>
        public static string? Format(IReadOnlyList<ServerKey> keys) =>
            keys.Count == 0
                ? null
                : string.Join(',', keys.Distinct()
                    .OrderBy(k => k.SavedName, StringComparer.Ordinal)
                    .ThenBy(k => k.ServerVersion, StringComparer.Ordinal)
                    .Select(k => $"{k.SavedName}:{k.ServerVersion}"));
    }
}
