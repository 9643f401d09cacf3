using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Reviews;

namespace RegistryConsole.Core.Servers;

/// <summary>
/// The lookups of one server version of a project's registry by its key: untracked for the read paths (get-server,
/// list-gateways-by-server), and the reads before a write (add-server's target, modify-server's tracked server).
/// </summary>
public interface IServerReader
{
    Task<RegistryServer?> FindAsync(string projectId, ServerKey key, CancellationToken cancellationToken);

    /// <summary><see cref="RegistryLookup.FindNewServerTargetAsync"/>; <paramref name="db"/> is the context the add then saves with.</summary>
    Task<NewServerTarget?> FindNewServerTargetAsync(RegistryDbContext db, string projectId, ServerKey key, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="RegistryLookup.FindServerForChangeAsync"/>: the server comes back tracked by <paramref name="db"/>, which
    /// must not track it already (the change's own fresh context).
    /// </summary>
    Task<ServerForChange?> FindServerForChangeAsync(RegistryDbContext db, string projectId, ServerKey key, CancellationToken cancellationToken);
}

/// <summary>The compiled EF queries (<see cref="RegistryLookup"/>), the reads on a pooled context; any provider.</summary>
internal sealed class EfServerReader(IDbContextFactory<RegistryDbContext> dbFactory) : IServerReader
{
    public async Task<RegistryServer?> FindAsync(string projectId, ServerKey key, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await RegistryLookup.FindServerReadOnlyAsync(db, projectId, key, cancellationToken);
    }

    public Task<NewServerTarget?> FindNewServerTargetAsync(RegistryDbContext db, string projectId, ServerKey key, CancellationToken cancellationToken) =>
        RegistryLookup.FindNewServerTargetAsync(db, projectId, key, cancellationToken);

    public Task<ServerForChange?> FindServerForChangeAsync(RegistryDbContext db, string projectId, ServerKey key, CancellationToken cancellationToken) =>
        RegistryLookup.FindServerForChangeAsync(db, projectId, key, cancellationToken);
}

/// <summary>
/// SQLite: the same queries (<see cref="RegistryLookup.FindServerQuery"/>, <see cref="RegistryLookup.NewServerTargetQuery"/>,
/// <see cref="RegistryLookup.ServerForChangeQuery"/>) as statements prepared once per connection
/// (<see cref="SqlitePreparedQuery{T}"/>); EF when every prepared connection of a query is busy.
/// </summary>
internal sealed class SqlitePreparedServerReader : IServerReader, IPreparedServerPages, IPreparedGatewayUsages, IDisposable
{
    // Enough for the request threads of a busy instance; each connection keeps its own page cache (2 MB at most).
    private const int MaxConnections = 16;

    // The reads before a write: a write waits for its commit far longer than it reads, so fewer connections do.
    private const int MaxWriteLookupConnections = 4;

    // list-servers' pages in name order (every shape: order, filters, first or after a boundary) and
    // list-gateways-by-server's page: one pool of connections.
    private const int MaxPageConnections = 16;

    private readonly EfServerReader _fallback;
    private readonly IDbContextFactory<RegistryDbContext> _dbFactory;
    private readonly SqlitePreparedStatements _pageStatements;
    private readonly ConcurrentDictionary<PageShape, (PreparedSql Sql, RowMaterializer<RegistryServer> Rows)> _pages = new();
    private readonly Lazy<(PreparedSql Sql, Func<DbDataReader, Gateways.GatewayUsageDto> Read)> _usages;

    private readonly Lazy<SqlitePreparedQuery<RegistryServer>> _query;
    private readonly Lazy<SqlitePreparedQuery<NewServerTarget>> _newTarget;
    private readonly Lazy<SqlitePreparedQuery<ServerForChange>> _forChange;

    public SqlitePreparedServerReader(IDbContextFactory<RegistryDbContext> dbFactory, string connectionString)
    {
        _fallback = new EfServerReader(dbFactory);
        _dbFactory = dbFactory;
        _pageStatements = new SqlitePreparedStatements(connectionString, MaxPageConnections);
        _usages = new(() =>
        {
            using var db = dbFactory.CreateDbContext();
            return GatewayUsages.Prepare(db);
        });

        // Each statement is built on first use from the EF query of the same lookup (three arguments: project, name, version).
        Lazy<SqlitePreparedQuery<T>> Prepared<T>(Func<RegistryDbContext, SqlitePreparedQuery<T>> create)
            where T : class => new(() =>
            {
                using var db = dbFactory.CreateDbContext();
                return create(db);
            });

        _query = Prepared(db => SqlitePreparedQuery<RegistryServer>.Create(
            db, connectionString, (db, a) => RegistryLookup.FindServerQuery(db, a[0], a[1], a[2]), arguments: 3, MaxConnections));
        _newTarget = Prepared(db => SqlitePreparedQuery<NewServerTarget>.Create(
            db, connectionString, (db, a) => RegistryLookup.NewServerTargetQuery(db, a[0], new ServerKey(a[1], a[2])), arguments: 3, MaxWriteLookupConnections, ReadNewServerTarget));
        _forChange = Prepared(db =>
        {
            var server = new RowMaterializer<RegistryServer>(db.Model.FindEntityType(typeof(RegistryServer))!, extraColumns: 2);
            return SqlitePreparedQuery<ServerForChange>.Create(
                db, connectionString, (db, a) => RegistryLookup.ServerForChangeQuery(db, a[0], new ServerKey(a[1], a[2])), arguments: 3, MaxWriteLookupConnections,
                reader => new ServerForChange(server.Read(reader), ReadPolicy(reader, server.Columns)));
        });
    }

    public async Task<RegistryServer?> FindAsync(string projectId, ServerKey key, CancellationToken cancellationToken)
    {
        var (busy, server) = await _query.Value.FirstOrDefaultAsync([projectId, key.SavedName, key.ServerVersion], cancellationToken);
        return busy ? await _fallback.FindAsync(projectId, key, cancellationToken) : server;
    }

    public async Task<NewServerTarget?> FindNewServerTargetAsync(RegistryDbContext db, string projectId, ServerKey key, CancellationToken cancellationToken)
    {
        var (busy, target) = await _newTarget.Value.FirstOrDefaultAsync([projectId, key.SavedName, key.ServerVersion], cancellationToken);
        return busy ? await _fallback.FindNewServerTargetAsync(db, projectId, key, cancellationToken) : target;
    }

    public async Task<ServerForChange?> FindServerForChangeAsync(RegistryDbContext db, string projectId, ServerKey key, CancellationToken cancellationToken)
    {
        var (busy, found) = await _forChange.Value.FirstOrDefaultAsync([projectId, key.SavedName, key.ServerVersion], cancellationToken);
        if (busy)
        {
            return await _fallback.FindServerForChangeAsync(db, projectId, key, cancellationToken);
        }

        // Tracked from here exactly as the EF query's row would be: unchanged, its original values snapshotted now.
        if (found is not null)
        {
            db.Servers.Attach(found.Server);
        }

        return found;
    }

    public async Task<List<RegistryServer>?> ReadNamePageAsync(ServerPages.ListKey list, ServerPages.SortKey? boundary, int take, CancellationToken cancellationToken)
    {
        var (sql, rows) = _pages.GetOrAdd(new PageShape(list.Descending, list.IsActive, list.ReviewStatus, After: boundary is not null), PreparePage);
        object[] arguments = boundary is null ? [list.RegistryId, take] : [list.RegistryId, take, boundary.SavedName, boundary.ServerVersion];
        var (busy, servers) = await _pageStatements.ListAsync(sql, arguments, rows.Read, cancellationToken);
        return busy ? null : servers;
    }

    public async Task<List<Gateways.GatewayUsageDto>?> ReadUsagesAsync(string serverId, int skip, int take, CancellationToken cancellationToken)
    {
        var (sql, read) = _usages.Value;
        var (busy, items) = await _pageStatements.ListAsync(sql, [serverId, skip, take], read, cancellationToken);
        return busy ? null : items;
    }

    /// <summary>One shape of list-servers' page in name order, as EF writes it (<see cref="ServerPages"/>): registry, limit, and the boundary's name and version.</summary>
    private sealed record PageShape(bool Descending, bool? IsActive, string? ReviewStatus, bool After);

    private (PreparedSql, RowMaterializer<RegistryServer>) PreparePage(PageShape shape)
    {
        using var db = _dbFactory.CreateDbContext();
        var registry = PreparedSql.TextSentinel(0);
        var take = PreparedSql.NumberSentinel(1);
        object[] sentinels = [registry, take];
        var servers = ServerPages.Filter(db.Servers.AsNoTracking(), registry, shape.IsActive, shape.ReviewStatus);
        if (shape.After)
        {
            var boundary = new ServerPages.SortKey(default, default, PreparedSql.TextSentinel(2), PreparedSql.TextSentinel(3));
            servers = servers.Where(ServerPages.After(boundary, ServerPages.NameSort, shape.Descending));
            sentinels = [registry, take, boundary.SavedName, boundary.ServerVersion];
        }

        var query = ServerPages.Order(servers, ServerPages.NameSort, shape.Descending).Take(take);
        return (PreparedSql.Of(query, sentinels), new RowMaterializer<RegistryServer>(db.Model.FindEntityType(typeof(RegistryServer))!));
    }

    public void Dispose()
    {
        _pageStatements.Dispose();
        foreach (var query in new IDisposable?[] { Created(_query), Created(_newTarget), Created(_forChange) })
        {
            query?.Dispose();
        }
    }

    private static IDisposable? Created<T>(Lazy<T> lazy)
        where T : IDisposable => lazy.IsValueCreated ? lazy.Value : null;

    // The columns of RegistryLookup.NewServerTargetQuery: the registry's id (null before the project's first server),
    // the project's two policy flags, whether the name and version are taken.
    private static NewServerTarget ReadNewServerTarget(DbDataReader reader)
    {
        if (reader.FieldCount != 4)
        {
            throw new InvalidOperationException($"The new-server lookup reads {reader.FieldCount} columns, not 4.");
        }

        return new NewServerTarget(reader.IsDBNull(0) ? null : reader.GetString(0), ReadPolicy(reader, 1), reader.GetBoolean(3));
    }

    private static ReviewPolicy ReadPolicy(DbDataReader reader, int first) =>
        reader.GetName(first) == nameof(ReviewPolicy.RequireApproval) && reader.GetName(first + 1) == nameof(ReviewPolicy.RequireDistinctReviewer)
            ? new ReviewPolicy(reader.GetBoolean(first), reader.GetBoolean(first + 1))
            : throw new InvalidOperationException($"Columns {reader.GetName(first)} and {reader.GetName(first + 1)} are not the review policy's.");
}
