using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Caching;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Core.Servers;

/// <summary>
/// One page of list-servers in the requested order. A deep page costs an <c>OFFSET</c> walk over every row before it
/// (about 4 ms at page 2,000 on SQLite), so the sort key of the row just before a page is remembered under the registry
/// stamp: the next request for that page (or the page after the one just read) seeks to it through the sort index and
/// reads 25 rows (docs/performance.md). Any registry change moves the stamp and drops every remembered boundary.
/// </summary>
internal sealed class ServerPages(IPreparedServerPages? prepared = null)
{
    /// <summary>The default sort; the one a prepared reader serves (its boundaries are text, its statements few).</summary>
    public const string NameSort = "saved_name";

    /// <summary>Every sort a list can ask for: by name, or by a timestamp with the name and version after it.</summary>
    public static readonly string[] Sorts = [NameSort, "created_at", "updated_at"];

    private readonly StampedCache<PageKey, SortKey> _boundaries = new(capacity: 10_000);

    /// <summary>
    /// The servers of one registry with the list's filters. The filters' values are inlined (<see cref="EF.Constant{T}"/>;
    /// a flag and three review statuses), so each combination is one statement of its own that a prepared reader can keep.
    /// </summary>
    public static IQueryable<RegistryServer> Filter(IQueryable<RegistryServer> servers, string registryId, bool? isActive, string? reviewStatus)
    {
        servers = servers.Where(s => s.RegistryId == registryId);
        if (isActive is { } active)
        {
            servers = servers.Where(s => s.IsActive == EF.Constant(active));
        }

        if (reviewStatus is { } status)
        {
            servers = servers.Where(s => s.ReviewStatus == EF.Constant(status));
        }

        return servers;
    }

    /// <summary>The servers of <paramref name="page"/> of <paramref name="filtered"/> in the order of <paramref name="listKey"/>.</summary>
    public async Task<List<RegistryServer>> ReadAsync(IQueryable<RegistryServer> filtered, ListKey listKey, PageRequest page, string stamp, CancellationToken cancellationToken)
    {
        var ordered = Order(filtered, listKey.Sort, listKey.Descending);
        var key = new PageKey(listKey, page.PerPage, page.Page);
        if (page.Page > 1 && _boundaries.TryGet(key, stamp, out var boundary))
        {
            var rows = await ReadPreparedAsync(listKey, boundary, page.PerPage, cancellationToken)
                ?? await Order(filtered.Where(After(boundary, listKey.Sort, listKey.Descending)), listKey.Sort, listKey.Descending)
                    .Take(page.PerPage).ToListAsync(cancellationToken);
            Remember(key, stamp, rows, page.PerPage);
            return rows;
        }

        if (page.Page == 1 || page.Skip > int.MaxValue)
        {
            var rows = (page.Page == 1 ? await ReadPreparedAsync(listKey, null, page.PerPage, cancellationToken) : null)
                ?? await ordered.TakePage(page).ToListAsync(cancellationToken);
            Remember(key, stamp, rows, page.PerPage);
            return rows;
        }

        // One row more, from the row before the page: it is the boundary the next request for this page seeks to.
        var withBoundary = await ordered.Skip((int)page.Skip - 1).Take(page.PerPage + 1).ToListAsync(cancellationToken);
        if (withBoundary.Count == 0)
        {
            return withBoundary;
        }

        _boundaries.Set(key, stamp, SortKey.Of(withBoundary[0]));
        var pageRows = withBoundary.GetRange(1, withBoundary.Count - 1);
        Remember(key, stamp, pageRows, page.PerPage);
        return pageRows;
    }

    /// <summary>The prepared reader's rows, or null when there is none, it does not serve this list, or it is busy.</summary>
    private Task<List<RegistryServer>?> ReadPreparedAsync(ListKey listKey, SortKey? boundary, int take, CancellationToken cancellationToken) =>
        prepared is not null && listKey.Term is null && listKey.Sort == NameSort
            ? prepared.ReadNamePageAsync(listKey, boundary, take, cancellationToken)
            : Task.FromResult<List<RegistryServer>?>(null);

    /// <summary>A full page's last row is the boundary of the page after it (a client paging forward seeks, never walks).</summary>
    private void Remember(PageKey key, string stamp, List<RegistryServer> rows, int perPage)
    {
        if (rows.Count == perPage)
        {
            _boundaries.Set(key with { Page = key.Page + 1 }, stamp, SortKey.Of(rows[^1]));
        }
    }

    /// <summary>The sort the list indexes serve: the column, then saved name and version as tie-breakers.</summary>
    public static IQueryable<RegistryServer> Order(IQueryable<RegistryServer> servers, string sort, bool descending)
    {
        var ordered = sort switch
        {
            "created_at" => descending ? servers.OrderByDescending(s => s.CreatedAt) : servers.OrderBy(s => s.CreatedAt),
            "updated_at" => descending ? servers.OrderByDescending(s => s.UpdatedAt) : servers.OrderBy(s => s.UpdatedAt),
            _ => descending ? servers.OrderByDescending(s => s.SavedName) : servers.OrderBy(s => s.SavedName),
        };

        // The tie-breakers are the trailing columns of the sort indexes, so the database never sorts the whole registry.
        return descending
            ? ordered.ThenByDescending(s => s.SavedName).ThenByDescending(s => s.ServerVersion)
            : ordered.ThenBy(s => s.SavedName).ThenBy(s => s.ServerVersion);
    }

    /// <summary>
    /// Rows strictly after <paramref name="key"/> in the sort order, written with a leading range on the first sort column
    /// so the database seeks into the sort index instead of filtering it.
    /// </summary>
    internal static Expression<Func<RegistryServer, bool>> After(SortKey key, string sort, bool descending)
    {
        var (created, updated, name, version) = (key.CreatedAt, key.UpdatedAt, key.SavedName, key.ServerVersion);
        return (sort, descending) switch
        {
            ("created_at", false) => s => s.CreatedAt >= created && (s.CreatedAt > created || string.Compare(s.SavedName, name) > 0 || (s.SavedName == name && string.Compare(s.ServerVersion, version) > 0)),
            ("created_at", true) => s => s.CreatedAt <= created && (s.CreatedAt < created || string.Compare(s.SavedName, name) < 0 || (s.SavedName == name && string.Compare(s.ServerVersion, version) < 0)),
            ("updated_at", false) => s => s.UpdatedAt >= updated && (s.UpdatedAt > updated || string.Compare(s.SavedName, name) > 0 || (s.SavedName == name && string.Compare(s.ServerVersion, version) > 0)),
            ("updated_at", true) => s => s.UpdatedAt <= updated && (s.UpdatedAt < updated || string.Compare(s.SavedName, name) < 0 || (s.SavedName == name && string.Compare(s.ServerVersion, version) < 0)),
            (_, false) => s => string.Compare(s.SavedName, name) >= 0 && (string.Compare(s.SavedName, name) > 0 || string.Compare(s.ServerVersion, version) > 0),
            (_, true) => s => string.Compare(s.SavedName, name) <= 0 && (string.Compare(s.SavedName, name) < 0 || string.Compare(s.ServerVersion, version) < 0),
        };
    }

    /// <summary>What identifies a list (registry, filters, order) apart from the page.</summary>
    public sealed record ListKey(string RegistryId, bool? IsActive, string? ReviewStatus, string? Term, string Sort, bool Descending);

    private sealed record PageKey(ListKey List, int PerPage, int Page);

    /// <summary>A row's place in every sort: the timestamps (when sorting by time), then saved name and version.</summary>
    internal sealed record SortKey(DateTime CreatedAt, DateTime UpdatedAt, string SavedName, string ServerVersion)
    {
        public static SortKey Of(RegistryServer server) => new(server.CreatedAt, server.UpdatedAt, server.SavedName, server.ServerVersion);
    }
}

/// <summary>Pages of a list in name order read without EF's query pipeline (SQLite: statements prepared once per connection).</summary>
internal interface IPreparedServerPages
{
    /// <summary>
    /// Up to <paramref name="take"/> servers of <paramref name="list"/> in name order, after <paramref name="boundary"/>
    /// or from the first; null when the reader is busy (the caller reads with EF).
    /// </summary>
    Task<List<RegistryServer>?> ReadNamePageAsync(ServerPages.ListKey list, ServerPages.SortKey? boundary, int take, CancellationToken cancellationToken);
}
