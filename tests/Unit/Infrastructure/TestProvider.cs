using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>
/// Which provider this test run uses. <c>REGISTRY_TEST_PROVIDER=Postgres</c> runs the Core and API suites on PostgreSQL
/// (the server named by <c>REGISTRY_TEST_POSTGRES</c>, for example <c>Host=127.0.0.1;Port=5433;Username=postgres</c>;
/// <c>.ci/run</c> starts one). Anything else, or nothing, is SQLite.
/// </summary>
public static class TestProvider
{
    public const string ProviderVariable = "REGISTRY_TEST_PROVIDER";

    public const string ServerVariable = "REGISTRY_TEST_POSTGRES";

    public static DatabaseProvider Current { get; } = DatabaseSettings.ParseProvider(Environment.GetEnvironmentVariable(ProviderVariable));

    public static bool IsPostgres => Current == DatabaseProvider.Postgres;

    /// <summary>The server for PostgreSQL tests, or null when none is configured.</summary>
    public static string? PostgresServer => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value ? value : null;

    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// For tests that need a PostgreSQL server whatever the run's provider: without one they fail in CI (<c>CI=true</c>)
    /// and are skipped elsewhere, so a developer without PostgreSQL can still run the suite.
    /// </summary>
    public static void RequirePostgres()
    {
        if (PostgresServer is not null)
        {
            return;
        }

        if (InCi)
        {
            Assert.Fail($"{ServerVariable} is not set: CI must run the PostgreSQL tests (.ci/run starts a server)");
        }

        Assert.Skip($"no PostgreSQL server: set {ServerVariable} (see docs/postgres.md)");
    }

    /// <summary>For the few tests that inspect SQLite itself (its file, its locking); skipped in the PostgreSQL run.</summary>
    public static void RequireSqlite(string why)
    {
        if (IsPostgres)
        {
            Assert.Skip($"SQLite only: {why}");
        }
    }

    /// <summary>An open ADO.NET connection of the provider the connection string belongs to.</summary>
    public static DbConnection Connect(string connectionString)
    {
        DbConnection connection = connectionString.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase)
            ? new SqliteConnection(connectionString)
            : new NpgsqlConnection(connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Adds a parameter named <paramref name="name"/> (written <c>@name</c> in SQL, which both providers read).</summary>
    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name.TrimStart('@', '$');
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>Context options for the provider of <paramref name="database"/>.</summary>
    /// <param name="oneStatementPerCommand">
    /// Npgsql sends a save's writes as one batch; tests that break a save after its n-th write need them one by one, as
    /// SQLite sends them.
    /// </param>
    /// <param name="interceptors">
    /// Added before the provider, so that they run before the SQLite write gate (<see cref="SqliteWriteGate"/>): a hook
    /// that lets another writer in just before a transaction begins must run before that transaction takes its turn.
    /// </param>
    public static DbContextOptionsBuilder<RegistryDbContext> Options(TempDatabase database, bool oneStatementPerCommand = false, params IInterceptor[] interceptors)
    {
        var builder = new DbContextOptionsBuilder<RegistryDbContext>();
        if (interceptors.Length > 0)
        {
            builder.AddInterceptors(interceptors);
        }

        if (database.Provider == DatabaseProvider.Postgres)
        {
            builder.UseNpgsql(database.ConnectionString, o =>
            {
                if (oneStatementPerCommand)
                {
                    o.MaxBatchSize(1);
                }
            });
        }
        else
        {
            database.Settings.Apply(builder);
        }

        return builder;
    }

    /// <summary>The provider's context type on <paramref name="options"/>: each has its own model and migrations.</summary>
    public static RegistryDbContext NewContext(DatabaseProvider provider, DbContextOptions<RegistryDbContext> options) =>
        provider == DatabaseProvider.Postgres ? new PostgresRegistryDbContext(options) : new RegistryDbContext(options);
}

/// <summary>
/// Databases on the test PostgreSQL server: a template migrated once per test process, then one
/// <c>CREATE DATABASE ... TEMPLATE</c> (a file copy, tens of milliseconds) per test database.
/// </summary>
internal static class PostgresTestServer
{
    private static readonly Lock Gate = new();
    private static string? _template;

    public static string CreateDatabase(string name, bool empty)
    {
        var server = TestProvider.PostgresServer;
        if (server is null)
        {
            TestProvider.RequirePostgres();
            throw new InvalidOperationException("unreachable");
        }

        var template = empty ? "template0" : Template(server);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Execute(server, $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
                break;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 20)
            {
                // Another test is copying the same template at this instant.
                Thread.Sleep(50 * attempt);
            }
        }

        return Database(server, name);
    }

    public static void DropDatabase(string name, string connectionString)
    {
        using (var connection = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        Execute(TestProvider.PostgresServer!, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private static string Template(string server)
    {
        lock (Gate)
        {
            if (_template is not null)
            {
                return _template;
            }

            var name = $"rc_template_{Environment.ProcessId}_{Guid.NewGuid():N}"[..40];
            Execute(server, $"CREATE DATABASE \"{name}\" TEMPLATE template0");
            var connectionString = Database(server, name);
            using (var db = new PostgresRegistryDbContext(new DbContextOptionsBuilder<RegistryDbContext>().UseNpgsql(connectionString).Options))
            {
                db.Database.Migrate();
            }

            using (var connection = new NpgsqlConnection(connectionString))
            {
                NpgsqlConnection.ClearPool(connection);
            }

            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try
                {
                    Execute(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                }
                catch (NpgsqlException)
                {
                    // The throwaway server may be gone already.
                }
            };
            _template = name;
            return name;
        }
    }

    private static string Database(string server, string name) =>
        new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;

    private static void Execute(string server, string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
