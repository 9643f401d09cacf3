using System.Collections.Concurrent;
using System.Data;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using RegistryConsole.Core.Caching;

namespace RegistryConsole.Core.Persistence;

/// <summary>
/// Told when a save that ran in a group commit (<see cref="SqliteGroupCommit"/>) is committed or rolled back, which the
/// context's own transaction events cannot tell: the transaction belongs to the group.
/// </summary>
internal interface IGroupCommitListener
{
    void Committed(DbContext context);

    void RolledBack(DbContext context);
}

/// <summary>
/// Group commit for a SQLite file: the <c>SaveChanges</c> calls that arrive while the file's one writer is busy are
/// saved one after the other in one transaction on one connection, each inside a savepoint of its own, and committed
/// together: one <c>COMMIT</c> and one fsync of the write-ahead log for the whole group instead of one per save.
/// </summary>
/// <remarks>
/// <para>
/// Nothing about a save's outcome changes. A save that fails (a constraint, a stale revision) rolls back to its own
/// savepoint and throws its own exception to its caller; the others of the group are unaffected, exactly as if each
/// had run alone in that order. Durability is unchanged too: <c>synchronous=FULL</c> still syncs the log at the commit,
/// and no caller learns its outcome (success or failure) before the group's commit has returned, so a caller never sees
/// a success that is not yet durable, and a reader on another connection never sees a row before it is durable.
/// If the commit fails, every save of the group fails with that error.
/// </para>
/// <para>
/// The group runs synchronously on one thread from <c>BEGIN IMMEDIATE</c> to <c>COMMIT</c>, so the write lock is never
/// held while a continuation waits for a thread. It takes its turn at the <see cref="SqliteWriteGate"/> like any other
/// transaction. Only saves outside a transaction of their own are grouped: a service that opens a transaction around
/// several saves (a review) runs it as before. Private in-memory databases are not grouped.
/// </para>
/// </remarks>
#pragma warning disable CA1001 // one per database file for the life of the process; its wake event is a monitor, with no handle of the OS
internal sealed class SqliteGroupCommit
#pragma warning restore CA1001
{
    /// <summary>At most this many saves share one transaction, so one group never holds the writer for long.</summary>
    internal const int MaxGroup = 64;

    /// <summary>
    /// The log may grow to this many pages before the group's writer checkpoints by itself (SQLite's default is 1,000).
    /// Under a steady stream of commits the checkpointer beside it never catches up with the last frame, so the log
    /// cannot start over until the writer checkpoints; by then the checkpointer has copied most of the pages. At 10,000
    /// the log stayed near 40 MB under load; at 2,000 it stays near 10 MB.
    /// </summary>
    internal const int BackstopCheckpointPages = 2_000;

    // Each save's savepoint (the statements Microsoft.Data.Sqlite's SqliteTransaction.Save, Release and Rollback run).
    private const string SavepointSql = "SAVEPOINT group_save;";
    private const string ReleaseSql = "RELEASE SAVEPOINT group_save;";
    private const string RollbackSql = "ROLLBACK TO SAVEPOINT group_save;";

    // The change stamp of a scope the group's saves touched (ChangeStamp): one UPDATE per group, not one per save.
    private const string StampSql = $"UPDATE \"{ChangeStamp.Table}\" SET \"Stamp\" = $stamp WHERE \"Scope\" = $scope;";

    private static readonly TimeSpan CheckpointPause = TimeSpan.FromMilliseconds(50);

    /// <summary>The name of the writer's thread (tests, and a thread dump).</summary>
    internal const string WriterThreadName = "SQLite group commit";

    /// <summary>The writer closes its connection, and drops its prepared statements, after this long without a save.</summary>
    internal static readonly TimeSpan WriterIdleClose = TimeSpan.FromSeconds(2);

    private static readonly ConcurrentDictionary<string, SqliteGroupCommit?> ByConnectionString = new(StringComparer.Ordinal);

    private readonly string _writerConnectionString;
    private readonly string _checkpointConnectionString;
    private readonly ConcurrentQueue<PendingSave> _queue = new();

    // The file's name on every measurement (SqliteMetrics).
    private readonly KeyValuePair<string, object?> _databaseTag;

    // Wakes the writer's thread when a save is queued; no spinning: on few cores a spin takes the core from the saves' own work.
    private readonly ManualResetEventSlim _wake = new(initialState: false, spinCount: 0);

    // The writer's connection and prepared statements: used only by the writer's thread, which runs while _draining is 1.
    private Writer? _writer;
    private int _draining;
    private int _commitsSinceCheckpoint;
    private int _checkpointing;
    private long _saves;
    private long _groups;

    private SqliteGroupCommit(string connectionString)
    {
        // The writer keeps its connection while saves come (WriterIdleClose), so it gains nothing from the pool.
        _writerConnectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();

        // Never creates the file: a checkpoint due after the database was deleted finds nothing and stops.
        var checkpoint = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadWrite };
        _checkpointConnectionString = checkpoint.ToString();
        _databaseTag = new(SqliteMetrics.DatabaseTag, Path.GetFileName(checkpoint.DataSource));
    }

    /// <summary>How many saves have run in this file's groups (tests).</summary>
    internal long Saves => Interlocked.Read(ref _saves);

    /// <summary>How many groups have run on this file, committed or not (tests).</summary>
    internal long Groups => Interlocked.Read(ref _groups);

    /// <summary>The statements this file's writers prepared and reused (tests).</summary>
    internal GroupStatements.Counts Statements { get; } = new();

    /// <summary>Whether the writer's thread runs, or is about to (tests).</summary>
    internal bool WriterRunning => Volatile.Read(ref _draining) == 1;

    /// <summary>Whether the writer holds its connection open (tests).</summary>
    internal bool WriterOpen => Volatile.Read(ref _writer) is not null;

    /// <summary>How many saves wait for a group to take them (tests).</summary>
    internal int Queued => _queue.Count;

    /// <summary>
    /// The group commit of <paramref name="db"/>'s file, or null when this save must run on its own: not SQLite, a
    /// private in-memory database, a transaction or an open connection of the caller's.
    /// </summary>
    public static SqliteGroupCommit? For(DbContext db)
    {
        // The connection's type says SQLite as IsSqlite() does, without the provider name IsSqlite() builds from its
        // assembly's name on every call.
        var database = db.Database;
        if (database.CurrentTransaction is not null || database.GetDbConnection() is not SqliteConnection { State: ConnectionState.Closed }
            || database.GetConnectionString() is not { Length: > 0 } connectionString)
        {
            return null;
        }

        return ByConnectionString.GetOrAdd(connectionString, static cs => SqliteChangeStampReader.Supports(cs) ? new SqliteGroupCommit(cs) : null);
    }

    /// <summary>
    /// Queues the save of <paramref name="db"/>'s pending changes (not accepted: the caller does that); completes once its
    /// group has committed. The group gives each cache scope in <paramref name="touched"/> a new change stamp in its
    /// transaction when this save succeeded in it (<see cref="ChangeStamp"/>): the save itself writes none.
    /// </summary>
    public Task<int> SaveAsync(RegistryDbContext db, IReadOnlyCollection<string> touched, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var save = new PendingSave(db, touched, cancellationToken);
        _queue.Enqueue(save);
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            try
            {
                // Unsafe: the writer serves every caller, so it does not carry the first one's execution context.
                new Thread(static self => ((SqliteGroupCommit)self!).Drain()) { IsBackground = true, Name = WriterThreadName }.UnsafeStart(this);
            }
            catch
            {
                // No thread (out of memory): settled now, this save is never run later behind its caller's back (Take skips
                // settled saves), and the next save may try again.
                save.Outcome.TrySetCanceled(CancellationToken.None);
                Interlocked.Exchange(ref _draining, 0);
                throw;
            }
        }
        else
        {
            _wake.Set();
        }

        return save.Outcome.Task;
    }

    /// <summary>
    /// The writer's thread: runs groups while saves come, and stops (closing its connection and prepared statements) after
    /// <see cref="WriterIdleClose"/> without one. Never throws: every failure goes to the saves.
    /// </summary>
    /// <remarks>
    /// A thread of its own rather than the thread pool's: a group blocks from <c>BEGIN IMMEDIATE</c> to the fsync of its
    /// <c>COMMIT</c> (a third to a half of the writer's time is that fsync), which on a pool thread held one of the pool's
    /// few threads (two on two cores) away from the requests; and a drain that started after the queue had emptied was a
    /// work item queued behind the requests' own (docs/performance.md, round 8).
    /// </remarks>
    private void Drain()
    {
        while (true)
        {
            // Reset before taking: a save queued after Take() found nothing sets it again, so the wait below returns at once.
            _wake.Reset();
            var group = Take();
            if (group.Count > 0)
            {
                if (Run(group) is not null)
                {
                    // The connection or a statement may be in any state after the group failed: the next group starts afresh.
                    CloseWriter();
                }

                continue;
            }

            if (_wake.Wait(WriterIdleClose))
            {
                continue;
            }

            CloseWriter();

            // A full fence: the check of the queue below must not be read before the flag is seen cleared, or a save queued
            // meanwhile (which saw the flag still set and only woke this thread) would be left with no writer.
            Interlocked.Exchange(ref _draining, 0);

            // A save queued after Take() but before the flag was cleared saw this thread running: take it back.
            if (_queue.IsEmpty || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
            {
                return;
            }
        }
    }

    /// <summary>Closes the writer's connection and statements; one that fails to close is dropped (the thread must not die).</summary>
    private void CloseWriter()
    {
        try
        {
            _writer?.Dispose();
        }
        catch (Exception)
        {
            // Nothing to tell anyone: no save is running, and the next group opens a connection of its own.
        }

        _writer = null;
    }

    private List<PendingSave> Take()
    {
        var group = new List<PendingSave>();
        while (group.Count < MaxGroup && _queue.TryDequeue(out var save))
        {
            if (save.Outcome.Task.IsCompleted)
            {
                continue;
            }

            if (save.CancellationToken.IsCancellationRequested)
            {
                save.Outcome.TrySetCanceled(save.CancellationToken);
            }
            else
            {
                group.Add(save);
            }
        }

        return group;
    }

    /// <summary>
    /// Waits for the file's turn, then runs the whole group synchronously: BEGIN IMMEDIATE, each save in its savepoint,
    /// COMMIT. The callers learn their outcomes only after the commit returned (or failed).
    /// </summary>
    private Exception? Run(List<PendingSave> group)
    {
        Exception? groupFailure = null;
        IDisposable? turn = null;
        try
        {
            var writer = _writer ??= new Writer(_writerConnectionString, Statements);
            writer.Open();
            turn = SqliteWriteGate.Enter(writer.Connection);
            var started = Stopwatch.GetTimestamp();
            groupFailure = RunInTransaction(writer, group);
            SqliteMetrics.GroupSaves.Record(group.Count, _databaseTag);
            SqliteMetrics.GroupDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, _databaseTag);
        }
        catch (Exception ex)
        {
            groupFailure = ex;
        }
        finally
        {
            turn?.Dispose();
        }

        Interlocked.Add(ref _saves, group.Count);
        Interlocked.Increment(ref _groups);
        if (groupFailure is null)
        {
            Committed();
        }

        foreach (var save in group)
        {
            save.Complete(groupFailure);
        }

        return groupFailure;
    }

    /// <summary>Starts the checkpointer unless it runs: it copies the log into the database file beside the writer.</summary>
    private void Committed()
    {
        Interlocked.Increment(ref _commitsSinceCheckpoint);
        if (Interlocked.CompareExchange(ref _checkpointing, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static self => _ = self.CheckpointAsync(), this, preferLocal: false);
        }
    }

    /// <summary>
    /// SQLite's own checkpoint runs in the connection that commits once the log passes 1,000 pages: there, the group's
    /// writer, which would copy the pages into the database file and sync it while every queued save waits. This copies
    /// them from a connection of its own instead (PASSIVE: it never waits for, nor blocks, the writer or a reader),
    /// every <see cref="CheckpointPause"/> while groups commit, and stops when they stop, so the writer's own checkpoint
    /// past <see cref="BackstopCheckpointPages"/> pages finds little left to copy. Never throws: that checkpoint is also
    /// the backstop.
    /// </summary>
    private async Task CheckpointAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(CheckpointPause);
                if (Interlocked.Exchange(ref _commitsSinceCheckpoint, 0) == 0)
                {
                    Volatile.Write(ref _checkpointing, 0);

                    // A commit between the exchange and the flag saw the checkpointer running: take it back.
                    if (Volatile.Read(ref _commitsSinceCheckpoint) == 0 || Interlocked.CompareExchange(ref _checkpointing, 1, 0) != 0)
                    {
                        return;
                    }

                    continue;
                }

                await using var connection = new SqliteConnection(_checkpointConnectionString);
                await connection.OpenAsync();
                await using var checkpoint = connection.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                var started = Stopwatch.GetTimestamp();
                await checkpoint.ExecuteNonQueryAsync();
                SqliteMetrics.CheckpointDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, _databaseTag);
            }
        }
        catch (Exception)
        {
            // The file went away (a deleted test database) or cannot be written: the writer's own checkpoint is the
            // backstop, and the next commit starts this again.
            Volatile.Write(ref _checkpointing, 0);
        }
    }

    /// <summary>The group's transaction; returns why it did not commit, or null when it did.</summary>
    private Exception? RunInTransaction(Writer writer, List<PendingSave> group)
    {
        using var transaction = writer.Connection.BeginTransaction(deferred: false);
        using var prepared = writer.Statements.Use();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var save in group)
        {
            save.Run(writer, transaction);
            if (save.Failure is not null && !InTransaction(writer.Connection))
            {
                // SQLite rolled the whole transaction back (I/O error, disk full): the saves before this one are gone too.
                return save.Failure;
            }

            if (save.Failure is null)
            {
                touched.UnionWith(save.Touched);
            }
        }

        // The saves that stand change their scopes' stamps in the same commit, so no reader sees a change under an old stamp.
        foreach (var scope in touched)
        {
            if (writer.Statements.Execute(StampSql, transaction, new SqliteParameter("$stamp", ChangeStamp.NewStamp()), new SqliteParameter("$scope", scope)) != 1)
            {
                throw new InvalidOperationException($"The change stamp row of '{scope}' is missing.");
            }
        }

        var committing = Stopwatch.GetTimestamp();
        transaction.Commit();
        SqliteMetrics.CommitDuration.Record(Stopwatch.GetElapsedTime(committing).TotalSeconds, _databaseTag);
        return null;
    }

    private static bool InTransaction(SqliteConnection connection) =>
        SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0;

    /// <summary>The group writer's own connection and the statements it prepared on it (<see cref="GroupStatements"/>).</summary>
    private sealed class Writer : IDisposable
    {
        public Writer(string connectionString, GroupStatements.Counts counts)
        {
            Connection = new SqliteConnection(connectionString);
            Statements = new GroupStatements(Connection, counts);
        }

        public SqliteConnection Connection { get; }

        public GroupStatements Statements { get; }

        /// <summary>Opens the connection on the first group it runs.</summary>
        public void Open()
        {
            if (Connection.State == ConnectionState.Open)
            {
                return;
            }

            Connection.Open();

            // Each save's savepoint keeps the pages it changes first in a sub-journal, which SQLite spills to a temporary
            // file past 64 KiB: two write calls per page. It is needed only to roll a save back inside the group, never
            // for durability, so it stays in memory. Checkpoints run beside the writer (CheckpointAsync); the writer's
            // own is only the backstop.
            using var pragma = Connection.CreateCommand();
            pragma.CommandText = $"PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = {BackstopCheckpointPages}";
            pragma.ExecuteNonQuery();
        }

        public void Dispose()
        {
            Statements.Dispose();
            Connection.Dispose();
        }
    }

    private sealed class PendingSave(RegistryDbContext db, IReadOnlyCollection<string> touched, CancellationToken cancellationToken)
    {
        /// <summary>The cache scopes this save's changes touch, stamped by its group if it succeeds.</summary>
        public IReadOnlyCollection<string> Touched => touched;

        public readonly TaskCompletionSource<int> Outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken CancellationToken => cancellationToken;

        public Exception? Failure { get; private set; }

        private int _result;

        /// <summary>Saves on the group's connection and transaction, inside a savepoint; the context's own connection is restored after.</summary>
        public void Run(Writer writer, SqliteTransaction transaction)
        {
            var (connection, statements) = (writer.Connection, writer.Statements);
            var database = db.Database;
            var connectionString = database.GetConnectionString();
            var autoSavepoints = database.AutoSavepointsEnabled;
            database.SetDbConnection(connection, contextOwnsConnection: false);
            try
            {
                database.UseTransaction(transaction);
                database.AutoSavepointsEnabled = false;
                statements.Execute(SavepointSql, transaction);
                try
                {
                    _result = db.SaveInGroup();
                    statements.Execute(ReleaseSql, transaction);
                }
                catch (Exception ex)
                {
                    Failure = ex;
                    statements.Clear();
                    if (InTransaction(connection))
                    {
                        statements.Execute(RollbackSql, transaction);
                        statements.Execute(ReleaseSql, transaction);
                    }
                }
            }
            finally
            {
                database.AutoSavepointsEnabled = autoSavepoints;
                database.UseTransaction(null);
                database.SetDbConnection(null, contextOwnsConnection: true);
                database.SetConnectionString(connectionString);
            }
        }

        /// <summary>
        /// After the group's commit (or its failure): tells the listeners, then the caller. Never throws: a listener that
        /// fails must neither change the outcome nor stop the writer, which serves every other save.
        /// </summary>
        public void Complete(Exception? groupFailure)
        {
            var failure = Failure ?? (groupFailure is null ? null : new DbUpdateException($"Nothing was saved: the transaction this save shared was rolled back ({groupFailure.Message})", groupFailure));
            try
            {
                foreach (var listener in Listeners(db))
                {
                    if (failure is null)
                    {
                        listener.Committed(db);
                    }
                    else
                    {
                        listener.RolledBack(db);
                    }
                }
            }
            catch (Exception)
            {
                // The outcome stands: a listener only tells live console views to read again (caches check stamps instead).
            }

            if (failure is null)
            {
                Outcome.TrySetResult(_result);
            }
            else
            {
                Outcome.TrySetException(failure);
            }
        }

        private static IEnumerable<IGroupCommitListener> Listeners(DbContext context) =>
            context.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<IGroupCommitListener>() ?? [];
    }
}
