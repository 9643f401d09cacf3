using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RegistryConsole.Core;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Projects;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Core;

public sealed class DatabaseInitializerTests
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private static ServiceProvider Services(TempDatabase database, string? apiKey)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddRegistryCore(_ => database.Settings);
        services.Configure<BootstrapOptions>(o => o.ApiKey = apiKey);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task InitializeAsync_SqliteFile_SwitchesItToTheWriteAheadLog()
    {
        TestProvider.RequireSqlite("the journal mode is SQLite's");
        using var database = new TempDatabase();
        await using var services = Services(database, apiKey: null);

        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(Ct);

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync(Ct));
        Assert.True(File.Exists(database.Path + "-wal"));
    }

    [Fact]
    public async Task InitializeAsync_EmptyDatabase_CreatesDefaultProjectAndBootstrapAdminKey()
    {
        using var database = new TempDatabase();
        await using var services = Services(database, "rck_bootstrap_key_for_initializer_test");

        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(Ct);

        await using var db = await services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync(Ct);
        var project = await db.Projects.SingleAsync(Ct);
        var key = await db.ApiKeys.SingleAsync(Ct);
        Assert.Equal("default", project.Name);
        Assert.True(project.RequireApproval);
        Assert.Equal(RoleNames.Admin, key.Role);
        Assert.Equal("rck_boot", key.Prefix);
        Assert.Equal(ApiKeyService.Hash("rck_bootstrap_key_for_initializer_test"), key.Hash);
        Assert.DoesNotContain("bootstrap_key", key.Hash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeAsync_RunTwice_CreatesEachThingOnce()
    {
        using var database = new TempDatabase();
        await using var services = Services(database, "rck_bootstrap_key_for_initializer_test");
        var initializer = services.GetRequiredService<DatabaseInitializer>();

        await initializer.InitializeAsync(Ct);
        await initializer.InitializeAsync(Ct);

        await using var db = await services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync(Ct);
        Assert.Equal(1, await db.Projects.CountAsync(Ct));
        Assert.Equal(1, await db.ApiKeys.CountAsync(Ct));
    }

    [Fact]
    public async Task InitializeAsync_NoBootstrapKey_CreatesNoKey()
    {
        using var database = new TempDatabase();
        await using var services = Services(database, apiKey: null);

        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(Ct);

        await using var db = await services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync(Ct);
        Assert.Equal(0, await db.ApiKeys.CountAsync(Ct));
        Assert.Equal(1, await db.Projects.CountAsync(Ct));
    }

    [Fact]
    public async Task InitializeAsync_BootstrapKeyTooShort_Throws()
    {
        using var database = new TempDatabase();
        await using var services = Services(database, "short-key");

        await Assert.ThrowsAsync<InvalidOperationException>(() => services.GetRequiredService<DatabaseInitializer>().InitializeAsync(Ct));
    }
}
