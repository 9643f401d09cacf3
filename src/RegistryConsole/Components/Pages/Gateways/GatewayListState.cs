using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Gateways;

namespace RegistryConsole.Components.Pages.Gateways;

/// <summary>
/// What the gateways grid shows, as it lives in the query string (<c>?page=2&amp;search=prod&amp;status=all</c>) so a reload
/// or a shared link shows the same page. Values the service would refuse fall back to the defaults.
/// </summary>
public sealed record GatewayListState() : GridUrlState(DefaultPerPage)
{
    public const string Active = "active";
    public const string Deleted = "deleted";
    public const string All = "all";
    public const int DefaultPerPage = 20;

    public static readonly IReadOnlyList<int> PageSizes = [10, 20, 50, 100];

    public static GatewayListState Default { get; } = new();

    public string? Search { get; init; }

    public string Status { get; init; } = Active;

    public override bool HasFilters => !string.IsNullOrWhiteSpace(Search) || Status != Active;

    public static GatewayListState FromQuery(int? page, int? perPage, string? search, string? status) => new()
    {
        Page = PageOf(page),
        PerPage = PerPageOf(perPage, DefaultPerPage),
        Search = TextOf(search),
        Status = status is Deleted or All ? status : Active,
    };

    protected override void AddFilters(IDictionary<string, object?> query)
    {
        query["search"] = Search;
        query["status"] = Status == Active ? null : Status;
    }

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
