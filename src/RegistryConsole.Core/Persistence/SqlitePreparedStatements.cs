using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace RegistryConsole.Core.Persistence;

/// <summary>
/// Read-only statements (<see cref="PreparedSql"/>) on one bounded pool of open connections: each connection prepares
/// a statement the first time it runs it and keeps it, so a statement costs one prepare per connection, not one
/// per call (<see cref="SqlitePreparedQuery{T}"/> explains why that matters on SQLite). One pool serves one statement
/// (a <see cref="SqlitePreparedQuery{T}"/>) or several shapes (list-servers' pages). When every connection is in use the
/// caller is told to use EF.
/// </summary>
internal sealed class SqlitePreparedStatements : IDisposable
{
    // A connection keeps at most this many statements; past it (a client cycling through every filter) it starts over.
    private const int MaxStatementsPerConnection = 64;

    private readonly BoundedPool<Slot> _slots;

    public SqlitePreparedStatements(string connectionString, int maxConnections)
    {
        // The pool's connections stay open as long as it does: they gain nothing from Microsoft.Data.Sqlite's own pool.
        var unpooled = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        _slots = new BoundedPool<Slot>(() => Slot.Open(unpooled), maxConnections);
    }

    /// <summary>
    /// The rows of <paramref name="sql"/> with <paramref name="arguments"/>, at most <paramref name="maxRows"/>; <c>Busy</c>
    /// when every connection is in use.
    /// </summary>
    public async Task<(bool Busy, List<T> Rows)> ListAsync<T>(PreparedSql sql, object[] arguments, Func<DbDataReader, T> read, CancellationToken cancellationToken, int maxRows = int.MaxValue)
    {
        if (arguments.Length != sql.ParameterNames.Length)
        {
            throw new ArgumentException($"The statement takes {sql.ParameterNames.Length} arguments, not {arguments.Length}.", nameof(arguments));
        }

        if (_slots.TryRent() is not { } slot)
        {
            return (true, []);
        }

        // A slot whose execution failed is closed rather than reused (its statements may be in any state).
        var broken = true;
        try
        {
            var command = slot.Command(sql);
            for (var i = 0; i < arguments.Length; i++)
            {
                command.Parameters[i].Value = arguments[i];
            }

            var rows = new List<T>(Math.Min(maxRows, 32));
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (rows.Count < maxRows && await reader.ReadAsync(cancellationToken))
                {
                    rows.Add(read(reader));
                }
            }

            broken = false;
            return (false, rows);
        }
        finally
        {
            _slots.Return(slot, broken);
        }
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SqliteConnection connection) : IDisposable
    {
        // By instance: each statement is built once and kept (hashing its SQL text on every call would cost more).
        private readonly Dictionary<PreparedSql, SqliteCommand> _commands = new(ReferenceEqualityComparer.Instance);

        public static Slot Open(string connectionString)
        {
            var connection = new SqliteConnection(connectionString);
            try
            {
                connection.Open();
                return new Slot(connection);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        public SqliteCommand Command(PreparedSql sql)
        {
            if (_commands.TryGetValue(sql, out var command))
            {
                return command;
            }

            if (_commands.Count >= MaxStatementsPerConnection)
            {
                DisposeCommands();
            }

            command = connection.CreateCommand();
            try
            {
                command.CommandText = sql.Sql;
                for (var i = 0; i < sql.ParameterNames.Length; i++)
                {
                    command.Parameters.Add(new SqliteParameter(sql.ParameterNames[i], sql.ParameterTypes[i]));
                }

                command.Prepare();
            }
            catch
            {
                command.Dispose();
                throw;
            }

            _commands[sql] = command;
            return command;
        }

        public void Dispose()
        {
            DisposeCommands();
            connection.Dispose();
        }

        private void DisposeCommands()
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }

            _commands.Clear();
        }
    }
}
