using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Update;

namespace RegistryConsole.Core.Persistence;

/// <summary>Where the registry lives: <c>Database:Provider</c> in configuration.</summary>
public enum DatabaseProvider
{
    /// <summary>One file on one machine (the default).</summary>
    Sqlite,

    /// <summary>A PostgreSQL database shared by any number of instances.</summary>
    Postgres,
}

/// <summary>The provider and <c>ConnectionStrings:Registry</c>, resolved together.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string ProviderKey = "Database:Provider";

    /// <summary>Reads <c>Database:Provider</c>: <c>Sqlite</c> (also when empty) or <c>Postgres</c> (<c>PostgreSQL</c>, <c>Npgsql</c> accepted).</summary>
    public static DatabaseProvider ParseProvider(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
        _ => throw new InvalidOperationException($"{ProviderKey} must be 'Sqlite' or 'Postgres', not '{value}'."),
    };

    /// <summary>
    /// Points <paramref name="options"/> at this database. On SQLite it also queues every EF transaction of the process
    /// for the file's one write lock (<see cref="SqliteWriteGate"/>), so add other transaction interceptors before this call,
    /// and lets a group commit's writer run EF's commands on statements it prepared once (<see cref="GroupStatements"/>).
    /// </summary>
    public void Apply(DbContextOptionsBuilder options)
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            options.UseNpgsql(ConnectionString);
        }
        else
        {
            options.UseSqlite(ConnectionString)
                .ReplaceService<IBatchExecutor, PreparedBatchExecutor>()
                .AddInterceptors(GroupStatements.Interceptor.Instance)
                .UseSqliteWriteGate();
        }
    }
}

/// <summary>
/// Hands out the provider's context type (its own model and migrations) behind the one <see cref="RegistryDbContext"/>
/// every service asks for.
/// </summary>
internal sealed class ProviderDbContextFactory(DbContextOptions<RegistryDbContext> options) : IDbContextFactory<RegistryDbContext>
{
    private readonly bool _postgres = options.Extensions.Any(e =>
        e.Info.IsDatabaseProvider && e.GetType().Assembly == typeof(NpgsqlDbContextOptionsBuilderExtensions).Assembly);

    // Contexts come from a pool (reset between uses) on both providers; PostgreSQL's is the derived context, so its pool
    // gets the same options typed for it.
    private readonly Lazy<PooledDbContextFactory<RegistryDbContext>> _pool = new(() => new PooledDbContextFactory<RegistryDbContext>(options));

    private readonly Lazy<PooledDbContextFactory<PostgresRegistryDbContext>> _postgresPool = new(() =>
        new PooledDbContextFactory<PostgresRegistryDbContext>(new DbContextOptions<PostgresRegistryDbContext>(options.Extensions.ToDictionary(e => e.GetType(), e => e))));

    public RegistryDbContext CreateDbContext() => _postgres ? _postgresPool.Value.CreateDbContext() : _pool.Value.CreateDbContext();
}
