using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace RegistryConsole.Core.Persistence;

/// <summary>
/// The statements of a group commit's writer (<see cref="SqliteGroupCommit"/>), prepared once per connection and reused by
/// every save of every group it runs. Microsoft.Data.Sqlite prepares a command's SQL again on every execution (it keeps
/// prepared statements per command object, and EF creates a command per batch; dotnet/efcore#14044); the INSERT of a
/// server also compiles its full-text triggers, so preparing was a large part of the writer's time. EF still generates
/// each batch's SQL and parameters; <see cref="Interceptor"/> only runs that SQL on the prepared command of the same text,
/// with EF's own parameters, and hands EF the reader, so what runs and what EF reads back are unchanged.
/// </summary>
/// <remarks>
/// Used only on the thread that runs the group, between <see cref="Use"/> and the dispose of its result, and only for
/// commands on the writer's own connection. A save that fails drops every prepared statement (<see cref="Clear"/>), so a
/// statement left in an unknown state by an error is never reused.
/// </remarks>
internal sealed class GroupStatements(SqliteConnection connection, GroupStatements.Counts counts) : IDisposable
{
    /// <summary>Distinct statements kept per writer; past this the cache starts over (EF's batches have few shapes).</summary>
    internal const int Capacity = 128;

    [ThreadStatic]
    private static GroupStatements? t_current;

    private readonly SqliteConnection _connection = connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>Routes this thread's commands on the writer's connection through these statements until disposed.</summary>
    public Scope Use()
    {
        var previous = t_current;
        t_current = this;
        return new Scope(previous);
    }

    /// <summary>Runs <paramref name="sql"/> (no parameters, no rows: a savepoint) on its prepared statement.</summary>
    /// <summary>Runs <paramref name="sql"/> with <paramref name="parameters"/> on its prepared statement; the rows it changed.</summary>
    public int Execute(string sql, SqliteTransaction transaction, params ReadOnlySpan<SqliteParameter> parameters)
    {
        var command = Prepare(sql, transaction);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }

        return Run(sql, () => command.ExecuteNonQuery());
    }

    /// <summary>Drops every prepared statement: after a failed save, whose statement may be in any state.</summary>
    public void Clear()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }

    public void Dispose() => Clear();

    private static GroupStatements? For(DbCommand command) =>
        t_current is { } current && ReferenceEquals(command.Connection, current._connection) && command is SqliteCommand ? current : null;

    private T Run<T>(DbCommand command, Func<SqliteCommand, T> execute)
    {
        var prepared = Prepare(command.CommandText, (SqliteTransaction?)command.Transaction);
        prepared.CommandTimeout = command.CommandTimeout;
        foreach (SqliteParameter parameter in command.Parameters)
        {
            // EF's own parameter objects: names, values, types and sizes exactly as EF set them for its command.
            prepared.Parameters.Add(parameter);
        }

        return Run(command.CommandText, () => execute(prepared));
    }

    private T Run<T>(string sql, Func<T> execute)
    {
        try
        {
            return execute();
        }
        catch
        {
            if (_commands.Remove(sql, out var broken))
            {
                broken.Dispose();
            }

            throw;
        }
    }

    /// <summary>The prepared command of <paramref name="sql"/> on <paramref name="transaction"/>, with no parameters yet.</summary>
    private SqliteCommand Prepare(string sql, SqliteTransaction? transaction)
    {
        var command = Rent(sql);
        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }

    private SqliteCommand Rent(string sql)
    {
        if (_commands.TryGetValue(sql, out var command))
        {
            counts.Reused();
            return command;
        }

        if (_commands.Count >= Capacity)
        {
            Clear();
        }

        command = _connection.CreateCommand();
        command.CommandText = sql;
        _commands.Add(sql, command);
        counts.Prepared();
        return command;
    }

    /// <summary>How many statements a file's writers prepared, and how many commands ran on one already prepared (tests).</summary>
    internal sealed class Counts
    {
        private long _prepared;
        private long _reused;

        public long PreparedCount => Interlocked.Read(ref _prepared);

        public long ReusedCount => Interlocked.Read(ref _reused);

        public void Prepared() => Interlocked.Increment(ref _prepared);

        public void Reused() => Interlocked.Increment(ref _reused);
    }

    public readonly struct Scope(GroupStatements? previous) : IDisposable
    {
        public void Dispose() => t_current = previous;
    }

    /// <summary>
    /// Runs EF's commands on the group writer's connection on prepared statements; every other command (other threads,
    /// other connections, no group) runs as EF sent it.
    /// </summary>
    internal sealed class Interceptor : DbCommandInterceptor
    {
        public static readonly Interceptor Instance = new();

        private Interceptor()
        {
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
            !result.HasResult && For(command) is { } statements
                ? InterceptionResult<DbDataReader>.SuppressWithResult(statements.Run(command, static c => (DbDataReader)c.ExecuteReader()))
                : result;

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
            !result.HasResult && For(command) is { } statements
                ? InterceptionResult<int>.SuppressWithResult(statements.Run(command, static c => c.ExecuteNonQuery()))
                : result;
    }
}
