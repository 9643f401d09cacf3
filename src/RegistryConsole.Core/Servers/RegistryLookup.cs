using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Core.Servers;

internal static class RegistryLookup
{
    /// <summary>The project's registry, or null before its first server (a compiled query: no LINQ is built or translated per call).</summary>
    public static Task<Registry?> FindAsync(RegistryDbContext db, string projectId, CancellationToken cancellationToken) =>
        FindRegistry.For(db)(db, projectId, cancellationToken);

    private static readonly CompiledPerModel<Func<RegistryDbContext, string, CancellationToken, Task<Registry?>>> FindRegistry = new(() =>
        EF.CompileAsyncQuery((RegistryDbContext db, string projectId, CancellationToken _) =>
            db.Registries.AsNoTracking().FirstOrDefault(r => r.ProjectId == projectId && r.Name == Registry.DefaultName)));

    /// <summary>The project's registry, created on its first server.</summary>
    public static async Task<Registry> GetOrCreateAsync(RegistryDbContext db, string projectId, TimeProvider clock, CancellationToken cancellationToken)
    {
        var registry = await FindAsync(db, projectId, cancellationToken);
        if (registry is not null)
        {
            return registry;
        }

        registry = new Registry { Id = Guid.CreateVersion7().ToString(), ProjectId = projectId, Name = Registry.DefaultName, CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.Registries.Add(registry);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request created it first.
            db.ChangeTracker.Clear();
            return await FindAsync(db, projectId, cancellationToken) ?? throw new InvalidOperationException("The registry could not be created.");
        }

        db.Entry(registry).State = EntityState.Detached;
        return registry;
    }

    /// <summary>The project's servers; one query scope for every lookup by project.</summary>
    /// <remarks>
    /// A join, not a correlated <c>EXISTS</c>: SQLite then seeks the registry by its unique (project, name) index and the
    /// server by its unique (registry, saved_name, version) index instead of scanning every server (docs/performance.md).
    /// </remarks>
    public static IQueryable<RegistryServer> InProject(this IQueryable<RegistryServer> servers, RegistryDbContext db, string projectId) =>
        db.Registries.Where(r => r.ProjectId == projectId && r.Name == Registry.DefaultName)
            .Join(servers, r => r.Id, s => s.RegistryId, (r, s) => s);

    /// <summary>One server version of the project's registry (one query), or null.</summary>
    public static Task<RegistryServer?> FindServerAsync(this IQueryable<RegistryServer> servers, RegistryDbContext db, string projectId, ServerKey key, CancellationToken cancellationToken) =>
        servers.InProject(db, projectId).FirstOrDefaultAsync(s => s.SavedName == key.SavedName && s.ServerVersion == key.ServerVersion, cancellationToken);

    /// <summary>
    /// One server version of the project's registry, tracked, with the project's review policy: what a change of the
    /// server needs, in one round trip (the project is joined by its key). Null when there is no such server.
    /// </summary>
    /// <remarks>Compiled like the get-server lookup: building and translating the LINQ on every change was a third of a
    /// modify-server's CPU.</remarks>
    public static Task<ServerForChange?> FindServerForChangeAsync(RegistryDbContext db, string projectId, ServerKey key, CancellationToken cancellationToken) =>
        ServerForChangeLookup.FirstAsync(db, projectId, key, cancellationToken);

    private static readonly KeyedLookup<ServerForChange> ServerForChangeLookup = new((db, projectId, savedName, version) =>
        db.Registries.Where(r => r.ProjectId == projectId && r.Name == Registry.DefaultName)
            .Join(db.Projects, r => r.ProjectId, p => p.Id, (r, p) => new { RegistryId = r.Id, p.RequireApproval, p.RequireDistinctReviewer })
            .Join(db.Servers.Where(s => s.SavedName == savedName && s.ServerVersion == version),
                x => x.RegistryId, s => s.RegistryId, (x, s) => new ServerForChange(s, new Reviews.ReviewPolicy(x.RequireApproval, x.RequireDistinctReviewer))));

    internal static IQueryable<ServerForChange> ServerForChangeQuery(RegistryDbContext db, string projectId, ServerKey key) =>
        ServerForChangeLookup.Query(db, projectId, key.SavedName, key.ServerVersion);

    /// <summary>
    /// <see cref="FindServerAsync"/> (the same join, written out: a compiled query cannot expand <see cref="InProject"/>) untracked and compiled (per model, <see cref="CompiledPerModel{TQuery}"/>): the read
    /// paths (get-server, list-gateways-by-server) skip LINQ translation and its cache lookup on every call.
    /// </summary>
    public static Task<RegistryServer?> FindServerReadOnlyAsync(RegistryDbContext db, string projectId, ServerKey key, CancellationToken cancellationToken) =>
        FindServerLookup.FirstAsync(db, projectId, key, cancellationToken);

    /// <summary>
    /// The query of <see cref="FindServerReadOnlyAsync"/>, written once: compiled for EF here, and the statement the SQLite
    /// prepared reader (<see cref="SqlitePreparedServerReader"/>) runs, so both read exactly the same rows.
    /// </summary>
    private static readonly KeyedLookup<RegistryServer> FindServerLookup = new((db, projectId, savedName, version) =>
        db.Registries.Where(r => r.ProjectId == projectId && r.Name == Registry.DefaultName)
            .Join(db.Servers.AsNoTracking(), r => r.Id, s => s.RegistryId, (r, s) => s)
            .Where(s => s.SavedName == savedName && s.ServerVersion == version));

    internal static IQueryable<RegistryServer> FindServerQuery(RegistryDbContext db, string projectId, string savedName, string version) =>
        FindServerLookup.Query(db, projectId, savedName, version);

    /// <summary>
    /// What adding one server needs to know, in one round trip instead of three: the project's registry (null before its
    /// first server), the project's review policy, and whether the name and version are taken. Null when the project
    /// has no row. Compiled like the get-server lookup.
    /// </summary>
    public static Task<NewServerTarget?> FindNewServerTargetAsync(RegistryDbContext db, string projectId, ServerKey key, CancellationToken cancellationToken) =>
        NewServerTargetLookup.FirstAsync(db, projectId, key, cancellationToken);

    /// <summary>
    /// The query of <see cref="FindNewServerTargetAsync"/>: the registry and the taken check seek the unique
    /// (project, name) and (registry, saved_name, version) indexes, the project its primary key.
    /// </summary>
    private static readonly KeyedLookup<NewServerTarget> NewServerTargetLookup = new((db, projectId, savedName, version) =>
        db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => new NewServerTarget(
            db.Registries.Where(r => r.ProjectId == projectId && r.Name == Registry.DefaultName).Select(r => r.Id).FirstOrDefault(),
            new Reviews.ReviewPolicy(p.RequireApproval, p.RequireDistinctReviewer),
            db.Registries.Where(r => r.ProjectId == projectId && r.Name == Registry.DefaultName)
                .Join(db.Servers, r => r.Id, s => s.RegistryId, (r, s) => s)
                .Any(s => s.SavedName == savedName && s.ServerVersion == version))));

    internal static IQueryable<NewServerTarget> NewServerTargetQuery(RegistryDbContext db, string projectId, ServerKey key) =>
        NewServerTargetLookup.Query(db, projectId, key.SavedName, key.ServerVersion);

    /// <summary>
    /// A lookup by (project, saved_name, version) written once as an expression: the services run its first row as an
    /// async query compiled once per EF model (<see cref="CompiledPerModel{TQuery}"/>), so no call builds or translates
    /// LINQ; the plan tests and the SQLite prepared reader take the same expression as a plain query.
    /// </summary>
    private sealed class KeyedLookup<T>(Expression<Func<RegistryDbContext, string, string, string, IQueryable<T>>> query)
    {
        private readonly Func<RegistryDbContext, string, string, string, IQueryable<T>> _query = query.Compile();

        private readonly CompiledPerModel<Func<RegistryDbContext, string, string, string, CancellationToken, Task<T?>>> _first = new(() => CompileFirst(query));

        public Task<T?> FirstAsync(RegistryDbContext db, string projectId, ServerKey key, CancellationToken cancellationToken) =>
            _first.For(db)(db, projectId, key.SavedName, key.ServerVersion, cancellationToken);

        public IQueryable<T> Query(RegistryDbContext db, string projectId, string savedName, string version) => _query(db, projectId, savedName, version);

        /// <summary>An async compiled query of the first row of the lookup (null when there is none).</summary>
        private static Func<RegistryDbContext, string, string, string, CancellationToken, Task<T?>> CompileFirst(
            Expression<Func<RegistryDbContext, string, string, string, IQueryable<T>>> query)
        {
            var cancellation = Expression.Parameter(typeof(CancellationToken));
            var first = Expression.Call(typeof(Queryable), nameof(Queryable.FirstOrDefault), [typeof(T)], query.Body);
            return EF.CompileAsyncQuery(Expression.Lambda<Func<RegistryDbContext, string, string, string, CancellationToken, T?>>(
                first, [.. query.Parameters, cancellation]));
        }
    }

    /// <summary>The snapshot gateways serve of <paramref name="server"/> (its approved revision), or null when none was approved.</summary>
    public static async Task<Reviews.ServerSnapshot?> ServedSnapshotAsync(RegistryDbContext db, RegistryServer server, CancellationToken cancellationToken) =>
        server.ApprovedRevision is { } approved
            ? await db.ServerSnapshots.AsNoTracking().FirstOrDefaultAsync(s => s.ServerId == server.Id && s.Revision == approved, cancellationToken)
            : null;
}

/// <summary>What <see cref="RegistryLookup.FindNewServerTargetAsync"/> reads for a new server.</summary>
public sealed record NewServerTarget(string? RegistryId, Reviews.ReviewPolicy Policy, bool Taken);

/// <summary>What <see cref="RegistryLookup.FindServerForChangeAsync"/> reads: the server (tracked) and its project's review policy.</summary>
public sealed record ServerForChange(RegistryServer Server, Reviews.ReviewPolicy Policy);
