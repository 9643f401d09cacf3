using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace RegistryConsole.Core.Persistence;

/// <summary>
/// A process-wide FIFO queue in front of SQLite's one write lock: every EF transaction on a SQLite file waits its turn
/// here (asynchronously, in arrival order) before it sends <c>BEGIN IMMEDIATE</c>, and gives the turn back when the
/// transaction ends (commit, rollback, or dispose without either). Without it the writers that find the lock taken get
/// SQLITE_BUSY and Microsoft.Data.Sqlite retries them by sleeping and polling: fine medians, terrible tails.
/// One gate per database file (the full path of <see cref="SqliteConnection.DataSource"/>); none for in-memory databases.
/// A transaction that cannot enter within the connection's <c>Default Timeout</c> goes ahead without the gate, so SQLite's
/// own busy handling decides as before: the gate never turns a busy error into a hang. Writes outside an EF transaction
/// (a single autocommit statement) and other processes are not gated. See docs/performance.md, "SQLite write gate".
/// </summary>
public static class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, Gate> Gates =
        new(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);

    // A lease from the BEGIN the interceptor sent until the transaction factory hands it to EF's transaction object.
    private static readonly ConditionalWeakTable<DbTransaction, Lease> Begun = [];

    /// <summary>
    /// Gates every EF transaction of these options (SQLite only). Call it after every other transaction interceptor
    /// is added: the gate sends BEGIN itself, so an interceptor added later would run after BEGIN.
    /// </summary>
    public static DbContextOptionsBuilder UseSqliteWriteGate(this DbContextOptionsBuilder options) =>
        options
            .AddInterceptors(GateInterceptor.Instance)
            .ReplaceService<IRelationalTransactionFactory, GatedTransactionFactory>();

    /// <summary>
    /// Waits (blocking: the group commit's writer has a thread of its own) for the turn of the open
    /// <paramref name="connection"/>'s file, for a transaction begun outside EF (<see cref="SqliteGroupCommit"/>); dispose
    /// the result to give the turn back. Null when the file has no gate (in-memory) or the wait outlasted the connection's
    /// <c>Default Timeout</c>.
    /// </summary>
    internal static IDisposable? Enter(SqliteConnection connection) => For(connection)?.Enter(Timeout(connection));

    /// <summary>How many transactions of this process wait for the gate of the file <paramref name="dataSource"/> (tests).</summary>
    internal static int Waiting(string dataSource) => Gates.TryGetValue(dataSource, out var gate) ? Volatile.Read(ref gate.Waiting) : 0;

    /// <summary>Whether a transaction of this process holds the gate of the file <paramref name="dataSource"/> (tests).</summary>
    internal static bool IsHeld(string dataSource) => Gates.TryGetValue(dataSource, out var gate) && gate.Semaphore.CurrentCount == 0;

    /// <summary>The gate of the connection's file, or null (not SQLite, in-memory, or a temporary database).</summary>
    private static Gate? For(DbConnection connection)
    {
        if (connection is not SqliteConnection sqlite || sqlite.DataSource is not { Length: > 0 } source || source == ":memory:")
        {
            return null;
        }

        // Open (EF opens before it begins), DataSource is SQLite's own full path of the main database file.
        var path = source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? source : Path.GetFullPath(source);
        return Gates.GetOrAdd(path, static _ => new Gate());
    }

    /// <summary>As long as SQLite itself would retry a busy BEGIN (<c>Default Timeout</c>, 30 s unless set; 0 = forever).</summary>
    private static TimeSpan Timeout(DbConnection connection) =>
        connection is SqliteConnection { DefaultTimeout: > 0 } sqlite ? TimeSpan.FromSeconds(sqlite.DefaultTimeout) : System.Threading.Timeout.InfiniteTimeSpan;

#pragma warning disable CA1001 // a gate lives as long as the process; its semaphore never allocates a wait handle
    private sealed class Gate
#pragma warning restore CA1001
    {
        // SemaphoreSlim completes its async waiters first in, first out.
        public readonly SemaphoreSlim Semaphore = new(1, 1);

        public int Waiting;

        public Lease? Enter(TimeSpan timeout)
        {
            Interlocked.Increment(ref Waiting);
            try
            {
                return Semaphore.Wait(timeout) ? new Lease(Semaphore) : null;
            }
            finally
            {
                Interlocked.Decrement(ref Waiting);
            }
        }

        public async ValueTask<Lease?> EnterAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Waiting);
            try
            {
                return await Semaphore.WaitAsync(timeout, cancellationToken).ConfigureAwait(false) ? new Lease(Semaphore) : null;
            }
            finally
            {
                Interlocked.Decrement(ref Waiting);
            }
        }
    }

    /// <summary>One turn at the gate; releasing it twice releases it once.</summary>
    private sealed class Lease(SemaphoreSlim semaphore) : IDisposable
    {
        private SemaphoreSlim? _semaphore = semaphore;

        public void Release() => Interlocked.Exchange(ref _semaphore, null)?.Release();

        public void Dispose() => Release();
    }

    /// <summary>
    /// Enters the gate and sends BEGIN itself: EF reports no failure event when BEGIN throws (EF Core 10), so only the
    /// code that sends it can give the turn back then. Does nothing when an earlier interceptor supplied a transaction.
    /// </summary>
    private sealed class GateInterceptor : DbTransactionInterceptor
    {
        public static readonly GateInterceptor Instance = new();

        public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
        {
            if (result.HasResult || For(connection)?.Enter(Timeout(connection)) is not { } lease)
            {
                return result;
            }

            try
            {
                return Begun(connection.BeginTransaction(eventData.IsolationLevel), lease);
            }
            catch
            {
                lease.Release();
                throw;
            }
        }

        public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            if (result.HasResult || For(connection) is not { } gate
                || await gate.EnterAsync(Timeout(connection), cancellationToken).ConfigureAwait(false) is not { } lease)
            {
                return result;
            }

            try
            {
                return Begun(await connection.BeginTransactionAsync(eventData.IsolationLevel, cancellationToken).ConfigureAwait(false), lease);
            }
            catch
            {
                lease.Release();
                throw;
            }
        }

        private static InterceptionResult<DbTransaction> Begun(DbTransaction transaction, Lease lease)
        {
            SqliteWriteGate.Begun.AddOrUpdate(transaction, lease);
            return InterceptionResult<DbTransaction>.SuppressWithResult(transaction);
        }
    }

    /// <summary>Hands the lease of a gated BEGIN to the transaction EF builds around it; other transactions hold none.</summary>
    private sealed class GatedTransactionFactory(RelationalTransactionFactoryDependencies dependencies) : RelationalTransactionFactory(dependencies)
    {
        public override RelationalTransaction Create(IRelationalConnection connection, DbTransaction transaction, Guid transactionId, IDiagnosticsLogger<DbLoggerCategory.Database.Transaction> logger, bool transactionOwned)
        {
            Begun.TryGetValue(transaction, out var lease);
            Begun.Remove(transaction);
            return new GatedTransaction(connection, transaction, transactionId, logger, transactionOwned, Dependencies.SqlGenerationHelper, lease);
        }
    }

    /// <summary>
    /// Gives the turn back when EF clears the transaction from the connection: after commit, after rollback, and on
    /// dispose without either (an exception, an early return). EF may clear it more than once; the lease releases once.
    /// </summary>
    private sealed class GatedTransaction(
        IRelationalConnection connection,
        DbTransaction transaction,
        Guid transactionId,
        IDiagnosticsLogger<DbLoggerCategory.Database.Transaction> logger,
        bool transactionOwned,
        ISqlGenerationHelper sqlGenerationHelper,
        Lease? lease)
        : RelationalTransaction(connection, transaction, transactionId, logger, transactionOwned, sqlGenerationHelper)
    {
        protected override void ClearTransaction()
        {
            try
            {
                base.ClearTransaction();
            }
            finally
            {
                lease?.Release();
            }
        }

        protected override async Task ClearTransactionAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                await base.ClearTransactionAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                lease?.Release();
            }
        }
    }
}
