using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Caching;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Servers;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Core.Performance;

/// <summary>
/// The database stamp reader (PostgreSQL's) reads both scopes once per request inside a request's snapshot, and still
/// never lets a request or the next one miss a change: a request's own save makes it read again, and every request
/// (and any work that outlives one) starts from the database.
/// </summary>
public sealed class RequestStampsTests(CoreDatabase database) : IClassFixture<CoreDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InsideASnapshot_BothScopesComeFromOneRead()
    {
        var counted = new CountingDbContextFactory(database.DbFactory);
        var reader = new DatabaseChangeStampReader(counted);
        var expectedAccess = await StampInDatabaseAsync(ChangeStamp.Access);
        var expectedRegistry = await StampInDatabaseAsync(ChangeStamp.Registry);

        using (RequestStamps.Begin())
        {
            Assert.Equal(expectedAccess, await reader.ReadAsync(ChangeStamp.Access, Ct));
            Assert.Equal(expectedRegistry, await reader.ReadAsync(ChangeStamp.Registry, Ct));
            Assert.Equal(expectedAccess, await reader.ReadAsync(ChangeStamp.Access, Ct));
        }

        Assert.Equal(1, counted.Created);
    }

    [Fact]
    public async Task WithoutASnapshot_EveryReadGoesToTheDatabase()
    {
        var counted = new CountingDbContextFactory(database.DbFactory);
        var reader = new DatabaseChangeStampReader(counted);

        await reader.ReadAsync(ChangeStamp.Access, Ct);
        await reader.ReadAsync(ChangeStamp.Registry, Ct);
        await reader.ReadAsync(ChangeStamp.Access, Ct);

        Assert.Equal(3, counted.Created);
        Assert.False(RequestStamps.IsActive);
    }

    [Fact]
    public async Task ASaveInsideTheRequest_ItsNextReadSeesTheNewStamp()
    {
        var admin = await database.NewProjectActorAsync(Role.Admin);
        var reader = new DatabaseChangeStampReader(database.DbFactory);
        var servers = new ServerService(database.DbFactory, database.Protector, TimeProvider.System, stamps: reader);

        using (RequestStamps.Begin())
        {
            var before = await reader.ReadAsync(ChangeStamp.Registry, Ct);
            Assert.True((await servers.AddAsync(ServerBodies.Stdio("stamps-own-save"), admin, Ct)).IsSuccess);

            var after = await reader.ReadAsync(ChangeStamp.Registry, Ct);
            Assert.NotEqual(before, after);
            Assert.Equal(await StampInDatabaseAsync(ChangeStamp.Registry), after);
        }
    }

    [Fact]
    public async Task TheNextRequest_SeesAChangeCommittedAfterThePreviousOneRead()
    {
        var reader = new DatabaseChangeStampReader(database.DbFactory);
        string first;
        using (RequestStamps.Begin())
        {
            first = await reader.ReadAsync(ChangeStamp.Access, Ct);
        }

        // Another request or instance: a new user touches the access scope.
        await database.NewProjectActorAsync();

        using (RequestStamps.Begin())
        {
            var next = await reader.ReadAsync(ChangeStamp.Access, Ct);
            Assert.NotEqual(first, next);
            Assert.Equal(await StampInDatabaseAsync(ChangeStamp.Access), next);
        }
    }

    [Fact]
    public async Task WorkThatOutlivesItsRequest_ReadsFreshStamps()
    {
        var counted = new CountingDbContextFactory(database.DbFactory);
        var reader = new DatabaseChangeStampReader(counted);
        var requestEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstRead = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<string> outliving;
        using (RequestStamps.Begin())
        {
            await reader.ReadAsync(ChangeStamp.Access, Ct);

            // Started inside the request, so it inherits the request's flow, but runs on after it.
            outliving = Task.Run(async () =>
            {
                await requestEnded.Task;
                firstRead.SetResult(await reader.ReadAsync(ChangeStamp.Access, Ct));
                await changed.Task;
                return await reader.ReadAsync(ChangeStamp.Access, Ct);
            }, Ct);
        }

        requestEnded.SetResult();
        var before = await firstRead.Task;
        await database.NewProjectActorAsync();
        changed.SetResult();

        var after = await outliving;
        Assert.NotEqual(before, after);
        Assert.Equal(await StampInDatabaseAsync(ChangeStamp.Access), after);
        Assert.Equal(3, counted.Created);
    }

    private async Task<string> StampInDatabaseAsync(string scope)
    {
        await using var db = await database.DbFactory.CreateDbContextAsync(Ct);
        return await ChangeStamps.ReadAsync(db, scope, Ct);
    }
}
