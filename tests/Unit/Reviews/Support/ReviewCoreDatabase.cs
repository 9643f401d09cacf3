using System.Data.Common;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Projects;
using RegistryConsole.Core.Secrets;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Tests.Unit.Reviews;

using RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>
/// A migrated database of its own (SQLite, or PostgreSQL in that run) with the default project and its registry, for Core services built by hand.
/// Every context it hands out carries <see cref="Writes"/>, a command interceptor a test can arm to break a save half-way.
/// </summary>
public sealed class CoreDatabase : IDbContextFactory<RegistryDbContext>, IDisposable
{
    private readonly TempDatabase _file;
    private readonly DbContextOptions<RegistryDbContext> _options;

    private CoreDatabase(DatabaseProvider provider)
    {
        _file = new TempDatabase(provider);
        _options = TestProvider.Options(_file, oneStatementPerCommand: true)
            .AddInterceptors(Writes, Transactions, Reads)
            .Options;
    }

    public string ConnectionString => _file.ConnectionString;

    public WriteInterceptor Writes { get; } = new();

    public TransactionHook Transactions { get; } = new();

    public ReadHook Reads { get; } = new();

    public ISecretProtector Protector { get; } = new DataProtectionSecretProtector(new EphemeralDataProtectionProvider());

    public TimeProvider Clock { get; } = TimeProvider.System;

    /// <summary>An admin acting through the API in the default project.</summary>
    public Actor Admin { get; private set; } = null!;

    /// <summary>A second admin, so reviews are not the author's own.</summary>
    public Actor Reviewer { get; private set; } = null!;

    /// <param name="provider">The run's provider unless given (a PostgreSQL-only test asks for PostgreSQL).</param>
    public static async Task<CoreDatabase> CreateAsync(DatabaseProvider? provider = null)
    {
        var database = new CoreDatabase(provider ?? TestProvider.Current);
        var ct = Xunit.TestContext.Current.CancellationToken;
        await using var db = database.CreateDbContext();
        await db.Database.MigrateAsync(ct);
        var project = new Project { Id = Guid.CreateVersion7().ToString(), Name = Project.DefaultName, CreatedAt = DateTime.UtcNow };
        db.Projects.Add(project);
        db.Registries.Add(new Registry { Id = Guid.CreateVersion7().ToString(), ProjectId = project.Id, Name = Registry.DefaultName, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync(ct);
        database.Admin = new Actor(project.Id, project.Name, "author-key-id", "author", Role.Admin, Channel.Api);
        database.Reviewer = new Actor(project.Id, project.Name, "reviewer-key-id", "reviewer", Role.Reviewer, Channel.Api);
        return database;
    }

    public RegistryDbContext CreateDbContext() => TestProvider.NewContext(_file.Provider, _options);

    public ServerService Servers() => new(this, Protector, Clock);

    public RegistryConsole.Core.Reviews.ReviewService Reviews() => new(this, Protector, Clock);

    public void Dispose() => _file.Dispose();
}

/// <summary>
/// Watches the write commands (INSERT, UPDATE, DELETE) EF sends. When armed, it lets <see cref="FailOnWrite"/> − 1 writes
/// through and then runs <see cref="OnFailingWrite"/> (by default: throws) in place of the next, inside EF's own transaction.
/// </summary>
public sealed class WriteInterceptor : DbCommandInterceptor
{
    private readonly List<string> _written = [];

    public bool Armed { get; set; }

    /// <summary>Which write of the armed save fails, counted from 1 (unless <see cref="FailOnTable"/> is set).</summary>
    public int FailOnWrite { get; set; } = 2;

    /// <summary>When set, the first write into this table is the failing one, whatever its position.</summary>
    public string? FailOnTable { get; set; }

    /// <summary>What happens instead of the failing write; the default throws.</summary>
    public Action<DbCommand> OnFailingWrite { get; set; } = _ => throw new InvalidOperationException("Simulated failure in the middle of SaveChanges");

    /// <summary>The write commands that ran while armed, before the failure.</summary>
    public IReadOnlyList<string> Written => _written;

    public bool Failed { get; private set; }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Inspect(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Inspect(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Inspect(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Inspect(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Inspect(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Inspect(command);
        return ValueTask.FromResult(result);
    }

    private void Inspect(DbCommand command)
    {
        if (!Armed || Failed)
        {
            return;
        }

        var text = command.CommandText.TrimStart();
        if (!(text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        var failsHere = FailOnTable is { } table
            ? text.Contains($"\"{table}\"", StringComparison.Ordinal)
            : _written.Count + 1 >= FailOnWrite;
        if (!failsHere)
        {
            _written.Add(text);
            return;
        }

        Failed = true;
        OnFailingWrite(command);
    }
}

/// <summary>
/// Runs <see cref="BeforeNextTransaction"/> once, just before the next database transaction begins: a way to let
/// another writer's change land between what a service has read and what it saves.
/// </summary>
public sealed class TransactionHook : DbTransactionInterceptor
{
    public Func<Task>? BeforeNextTransaction { get; set; }

    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        Take()?.Invoke().GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (Take() is { } hook)
        {
            await hook();
        }

        return result;
    }

    private Func<Task>? Take()
    {
        var hook = BeforeNextTransaction;
        BeforeNextTransaction = null;
        return hook;
    }
}

/// <summary>
/// Runs <see cref="AfterNextServerRead"/> once, right after the next query reading <c>registry_servers</c> (not the row
/// lock itself) has run: a way to let
/// another writer act between a service's read and everything it does after it (its lock, its save).
/// </summary>
public sealed class ReadHook : DbCommandInterceptor
{
    private Func<Task>? _hook;

    public Func<Task>? AfterNextServerRead
    {
        get => _hook;
        set => _hook = value;
    }

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        if (command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
            && command.CommandText.Contains("registry_servers", StringComparison.Ordinal)
            && !command.CommandText.Contains("FOR UPDATE", StringComparison.Ordinal)
            && Interlocked.Exchange(ref _hook, null) is { } hook)
        {
            await hook();
        }

        return result;
    }
}
