using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Postgres;

/// <summary>The app's PostgreSQL contexts come from a pool, like SQLite's: a returned context is reset and handed out again.</summary>
public sealed class PostgresContextPoolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateDbContext_AfterTheLastOneWasDisposed_HandsOutTheSameResetPostgresContext()
    {
        TestProvider.RequirePostgres();
        await using var database = await CoreDatabase.CreateAsync(DatabaseProvider.Postgres);

        RegistryDbContext first;
        await using (first = await database.DbFactory.CreateDbContextAsync(Ct))
        {
            Assert.IsType<PostgresRegistryDbContext>(first);
            var project = await first.Projects.SingleAsync(Ct);
            project.Name = "changed-but-not-saved";
            Assert.NotEmpty(first.ChangeTracker.Entries());
        }

        await using var second = await database.DbFactory.CreateDbContextAsync(Ct);

        Assert.Same(first, second);
        Assert.Empty(second.ChangeTracker.Entries());
        Assert.NotEqual("changed-but-not-saved", (await second.Projects.AsNoTracking().SingleAsync(Ct)).Name);
    }
}
