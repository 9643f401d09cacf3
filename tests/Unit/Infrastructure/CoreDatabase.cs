using System.Data.Common;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RegistryConsole.Core;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Projects;
using RegistryConsole.Core.Reviews;
using RegistryConsole.Core.Secrets;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>
/// The one database fixture for Core tests without the web host: a database of its own (SQLite, or PostgreSQL in that
/// run, see <see cref="TestProvider"/>) set up the way the app does it (<see cref="DatabaseInitializer"/>: migrations,
/// search index, the default project), the Core services as the app registers them (<see cref="Services"/>,
/// <see cref="DbFactory"/>), and actors of every role.
/// Use it as a class fixture (<c>IClassFixture&lt;CoreDatabase&gt;</c>; tests then keep apart with
/// <see cref="NewProjectActorAsync"/>) or one per test (<see cref="CreateAsync"/>).
/// It is also an <see cref="IDbContextFactory{TContext}"/> of its own, for services a test builds by hand
/// (<see cref="NewServerService"/>, <see cref="NewReviewService"/>): its contexts send one statement per command and
/// carry <see cref="Writes"/>, <see cref="Transactions"/> and <see cref="Reads"/>, interceptors a test can arm to break
/// a save half-way or let another writer in between a read and a save. (Contexts with interceptors get a model of their
/// own, and Core's compiled queries run on one model only, so the app-like <see cref="Services"/> do not carry them.)
/// </summary>
public sealed class CoreDatabase : IDbContextFactory<RegistryDbContext>, IAsyncLifetime
{
    private readonly TempDatabase _database;
    private readonly DbContextOptions<RegistryDbContext> _options;
    private ServiceProvider? _services;

    /// <summary>A database on the run's provider; call <see cref="InitializeAsync"/> (xunit does for a fixture).</summary>
    public CoreDatabase()
        : this(TestProvider.Current)
    {
    }

    private CoreDatabase(DatabaseProvider provider)
    {
        _database = new TempDatabase(provider);
        _options = TestProvider.Options(_database, oneStatementPerCommand: true, Writes, Transactions, Reads, Commands).Options;
    }

    public string ConnectionString => _database.ConnectionString;

    /// <summary>The SQLite file's full path (empty on PostgreSQL).</summary>
    public string FilePath => _database.Path;

    /// <summary>The Core services as the app registers them, on this database.</summary>
    public IServiceProvider Services => _services ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>The app's context factory on this database (no interceptors).</summary>
    public IDbContextFactory<RegistryDbContext> DbFactory => Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>();

    /// <summary>
    /// Data Protection with its keys in memory: real encryption, and no key-ring rows written in the middle of a save
    /// that <see cref="Writes"/> counts.
    /// </summary>
    public ISecretProtector Protector { get; } = new DataProtectionSecretProtector(new EphemeralDataProtectionProvider());

    public TimeProvider Clock => Services.GetRequiredService<TimeProvider>();

    public WriteInterceptor Writes { get; } = new();

    public TransactionHook Transactions { get; } = new();

    public ReadHook Reads { get; } = new();

    /// <summary>Every command the contexts send while recording (round trips a service makes).</summary>
    public CommandLog Commands { get; } = new();

    /// <summary>The id of the default project.</summary>
    public string ProjectId { get; private set; } = string.Empty;

    /// <summary>An admin acting through the API in the default project (the author of what the review tests write).</summary>
    public Actor Admin => new(ProjectId, Project.DefaultName, "author-key-id", "author", Role.Admin, Channel.Api);

    /// <summary>A reviewer in the default project, so reviews are not the author's own.</summary>
    public Actor Reviewer => new(ProjectId, Project.DefaultName, "reviewer-key-id", "reviewer", Role.Reviewer, Channel.Api);

    /// <summary>A context with the interceptors (see <see cref="Writes"/>).</summary>
    public RegistryDbContext CreateDbContext() => TestProvider.NewContext(_database.Provider, _options);

    /// <summary>A database initialised for one test (dispose it); <paramref name="provider"/> the run's unless given (a PostgreSQL-only test asks for PostgreSQL).</summary>
    public static async Task<CoreDatabase> CreateAsync(DatabaseProvider? provider = null)
    {
        var database = new CoreDatabase(provider ?? TestProvider.Current);
        await database.InitializeAsync();
        return database;
    }

    public async ValueTask InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddRegistryCore(_ => _database.Settings);
        services.AddSingleton(Protector);
        _services = services.BuildServiceProvider();

        await _services.GetRequiredService<DatabaseInitializer>().InitializeAsync(Xunit.TestContext.Current.CancellationToken);
        await using var db = await DbFactory.CreateDbContextAsync();
        ProjectId = (await db.Projects.SingleAsync(p => p.Name == Project.DefaultName)).Id;
    }

    /// <summary>A new <see cref="ServerService"/> of its own (its own caches) on this database.</summary>
    public ServerService NewServerService() => new(this, Protector, Clock);

    /// <summary>A new <see cref="ReviewService"/> of its own (its own caches) on this database.</summary>
    public ReviewService NewReviewService() => new(this, Protector, Clock);

    /// <summary>An actor with <paramref name="role"/> in the default project.</summary>
    public Actor Actor(Role role) => new(ProjectId, Project.DefaultName, $"test-{role}", $"Test {role}", role, Channel.Api);

    /// <summary>A project of its own (so a registry of its own) and an actor in it: tests sharing the database stay apart.</summary>
    public async Task<Actor> NewProjectActorAsync(Role role = Role.Editor)
    {
        var project = new Project { Id = Guid.NewGuid().ToString(), Name = $"p-{Guid.NewGuid():N}", CreatedAt = DateTime.UtcNow };
        await using var db = await DbFactory.CreateDbContextAsync();
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        return new Actor(project.Id, project.Name, $"test-{role}", $"Test {role}", role, Channel.Api);
    }

    /// <summary>The same project as <paramref name="actor"/>, another role.</summary>
    public static Actor As(Actor actor, Role role) => actor with { Role = role, Id = $"test-{role}", Name = $"Test {role}" };

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        _database.Dispose();
    }
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
/// Runs <see cref="BeforeNextTransaction"/> once, just before the next EF transaction begins: a way to let another
/// writer's change land between what a service has read and what it saves in a transaction of its own (a review). On
/// SQLite a plain <c>SaveChanges</c> begins no EF transaction (it joins a group commit, <c>SqliteGroupCommit</c>): use
/// <see cref="ReadHook"/> there.
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

/// <summary>Records the text of every command sent while <see cref="Start"/>ed, in order, until <see cref="Stop"/>.</summary>
public sealed class CommandLog : DbCommandInterceptor
{
    private readonly List<string> _texts = [];
    private volatile bool _recording;

    public void Start()
    {
        lock (_texts)
        {
            _texts.Clear();
        }

        _recording = true;
    }

    public IReadOnlyList<string> Stop()
    {
        _recording = false;
        lock (_texts)
        {
            return [.. _texts];
        }
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) => Record(command, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Record(command, result));

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) => Record(command, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Record(command, result));

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) => Record(command, result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Record(command, result));

    private T Record<T>(DbCommand command, T result)
    {
        if (_recording)
        {
            lock (_texts)
            {
                _texts.Add(command.CommandText.TrimStart());
            }
        }

        return result;
    }
}

/// <summary>A protector that needs no key ring: "enc:" plus the text reversed. Enough to tell stored from plain.</summary>
public sealed class ReversingSecretProtector : ISecretProtector
{
    public const string Marker = "enc:";

    public string Protect(string plaintext) => Marker + new string(plaintext.Reverse().ToArray());

    public string Unprotect(string ciphertext) =>
        ciphertext.StartsWith(Marker, StringComparison.Ordinal)
            ? new string(ciphertext[Marker.Length..].Reverse().ToArray())
            : throw new InvalidOperationException("Not a protected value: " + ciphertext);
}

/// <summary>A clock that moves only when told to.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public ManualClock()
        : this(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
