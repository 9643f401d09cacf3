using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Core.Servers;

/// <summary>One server version of a project's registry by its key, untracked: the read path of get-server and list-gateways-by-server.</summary>
public interface IServerReader
{
    Task<RegistryServer?> FindAsync(string projectId, ServerKey key, CancellationToken cancellationToken);
}

/// <summary>The compiled EF query (<see cref="RegistryLookup.FindServerReadOnlyAsync"/>) on a pooled context; any provider.</summary>
internal sealed class EfServerReader(IDbContextFactory<RegistryDbContext> dbFactory) : IServerReader
{
    public async Task<RegistryServer?> FindAsync(string projectId, ServerKey key, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await RegistryLookup.FindServerReadOnlyAsync(db, projectId, key, cancellationToken);
    }
}

/// <summary>
/// SQLite: the same query (<see cref="RegistryLookup.FindServerQuery"/>) as a statement prepared once per connection
/// (<see cref="SqlitePreparedQuery{T}"/>); EF when every prepared connection is busy.
/// </summary>
internal sealed class SqlitePreparedServerReader(IDbContextFactory<RegistryDbContext> dbFactory, string connectionString) : IServerReader, IDisposable
{
    // Enough for the request threads of a busy instance; each connection keeps its own page cache (2 MB at most).
    private const int MaxConnections = 16;

    private readonly EfServerReader _fallback = new(dbFactory);
    private readonly Lazy<SqlitePreparedQuery<RegistryServer>> _query = new(() =>
    {
        using var db = dbFactory.CreateDbContext();
        return SqlitePreparedQuery<RegistryServer>.Create(db, connectionString, (db, a) => RegistryLookup.FindServerQuery(db, a[0], a[1], a[2]), arguments: 3, MaxConnections);
    });

    public async Task<RegistryServer?> FindAsync(string projectId, ServerKey key, CancellationToken cancellationToken)
    {
        var (busy, server) = await _query.Value.FirstOrDefaultAsync([projectId, key.SavedName, key.ServerVersion], cancellationToken);
        return busy ? await _fallback.FindAsync(projectId, key, cancellationToken) : server;
    }

    public void Dispose()
    {
        if (_query.IsValueCreated)
        {
            _query.Value.Dispose();
        }
    }
}
