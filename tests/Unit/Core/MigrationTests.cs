using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Core;

public sealed class MigrationTests
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private static RegistryDbContext NewContext(TempDatabase database) =>
        TestProvider.NewContext(database.Provider, TestProvider.Options(database).Options);

    private static async Task<List<string>> NamesAsync(TempDatabase database, string type)
    {
        await using var connection = database.OpenConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = database.Provider == DatabaseProvider.Postgres
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND @type = 'table'"
            : "SELECT name FROM sqlite_master WHERE type = @type";
        command.With("type", type);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    [Fact]
    public async Task MigrateAsync_FreshDatabase_BuildsTheSchemaWithNothingPending()
    {
        using var database = new TempDatabase(empty: true);
        await using var db = NewContext(database);

        await db.Database.MigrateAsync(Ct);

        var tables = await NamesAsync(database, "table");
        foreach (var table in new[] { "registry_servers", "registries", "api_keys", "projects", "DataProtectionKeys", "AspNetUsers", "__EFMigrationsHistory" })
        {
            Assert.Contains(table, tables);
        }

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(Ct));
    }

    [Fact]
    public async Task FoldedSearchText_RowsWrittenBeforeIt_AreFoldedByTheMigration()
    {
        using var database = new TempDatabase(empty: true);
        await using var db = NewContext(database);
        var migrations = db.Database.GetMigrations().ToList();
        var folded = migrations.FindIndex(m => m.EndsWith("_FoldedSearchText", StringComparison.Ordinal));
        Assert.True(folded > 0, "the FoldedSearchText migration and one before it");
        await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(migrations[folded - 1], Ct);
        await ExecuteAsync(database, """
            INSERT INTO projects ("Id", "Name", "RequireApproval", "RequireDistinctReviewer", "PublicCatalog", "CreatedAt")
                VALUES ('p1', 'Plant', TRUE, TRUE, FALSE, CURRENT_TIMESTAMP);
            INSERT INTO gateways ("Id", "ProjectId", "SavedName", "Version", "Description", "CommonOverridesJson", "IsActive", "IsSample", "Revision", "CreatedAt", "UpdatedAt")
                VALUES ('g1', 'p1', 'Line-GW', 'v1', 'Packing LINE', '{}', TRUE, FALSE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);
            INSERT INTO audit_events ("Id", "ProjectId", "At", "Actor", "Channel", "Action", "EntityType", "EntityId", "EntityName", "ChangesJson")
                VALUES ('e1', 'p1', CURRENT_TIMESTAMP, 'Alice ADMIN', 'api', 'gateway.add', 'gateway', 'g1', 'Line-GW@v1', '[]');
            """);

        await db.Database.MigrateAsync(Ct);

        var gateway = await db.Gateways.AsNoTracking().SingleAsync(g => g.Id == "g1", Ct);
        var auditEvent = await db.AuditEvents.AsNoTracking().SingleAsync(e => e.Id == "e1", Ct);
        Assert.Equal("line-gw\npacking line", gateway.SearchText);
        Assert.Equal("line-gw@v1", auditEvent.EntityNameFolded);
        Assert.Equal("alice admin", auditEvent.ActorFolded);
    }

    private static async Task ExecuteAsync(TempDatabase database, string sql)
    {
        await using var connection = database.OpenConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    [Fact]
    public void Model_MatchesTheLatestMigration()
    {
        using var database = new TempDatabase(empty: true);
        using var db = NewContext(database);

        var pending = db.Database.HasPendingModelChanges();

        Assert.False(pending, "the model has changes that no migration captures: add a migration");
    }

    [Fact]
    public void PostgresModel_MatchesTheLatestPostgresMigration()
    {
        // Needs no server: comparing the model with the Postgres migrations' snapshot never connects.
        using var db = new PostgresRegistryDbContext(new DbContextOptionsBuilder<RegistryDbContext>().UseNpgsql("Host=localhost;Database=unused").Options);

        var pending = db.Database.HasPendingModelChanges();

        Assert.False(pending, "the model has PostgreSQL changes that no migration captures: add one with --context PostgresRegistryDbContext (docs/postgres.md)");
    }

    [Fact]
    public async Task MigrateAsync_FreshDatabase_CreatesTheUniqueServerIndex()
    {
        TestProvider.RequireSqlite("reads the index definition from sqlite_master");
        using var database = new TempDatabase(empty: true);
        await using (var db = NewContext(database))
        {
            await db.Database.MigrateAsync(Ct);
        }

        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'registry_servers' AND sql LIKE 'CREATE UNIQUE INDEX%'";
        var sql = (string?)await command.ExecuteScalarAsync(Ct);

        Assert.NotNull(sql);
        Assert.Contains("\"RegistryId\", \"SavedName\", \"ServerVersion\"", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAsync_RunTwice_IsANoOp()
    {
        using var database = new TempDatabase(empty: true);
        await using (var first = NewContext(database))
        {
            await first.Database.MigrateAsync(Ct);
        }

        await using var db = NewContext(database);
        await db.Database.MigrateAsync(Ct);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        Assert.Equal(db.Database.GetMigrations().Count(), (await db.Database.GetAppliedMigrationsAsync(Ct)).Count());
    }
}
