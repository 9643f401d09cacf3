using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Reviews;
using RegistryConsole.Core.Servers;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Core.Servers;

/// <summary>
/// add-server learns the registry, the review policy and whether the name is taken in one round trip; modify-server
/// reads the server with the review policy in one (issue 9).
/// </summary>
public sealed class WriteLookupTests(CoreDatabase database) : IClassFixture<CoreDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool IsRead(string command) => command.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase);

    [Fact]
    public async Task AddAsync_RegistryExists_ReadsOnceBeforeItWrites()
    {
        var actor = await database.NewProjectActorAsync();
        var service = database.NewServerService();
        Assert.True((await service.AddAsync(ServerBodies.Stdio("first"), actor, Ct)).IsSuccess);

        database.Commands.Start();
        var added = await service.AddAsync(ServerBodies.Stdio("second"), actor, Ct);
        var commands = database.Commands.Stop();

        Assert.True(added.IsSuccess);
        var beforeFirstWrite = commands.TakeWhile(IsRead).ToList();
        Assert.Single(beforeFirstWrite);
        Assert.Contains(commands, c => c.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) && c.Contains("registry_servers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddAsync_TakenNameAndVersion_IsConflictAfterThatOneReadAndWritesNothing()
    {
        var actor = await database.NewProjectActorAsync();
        var service = database.NewServerService();
        Assert.True((await service.AddAsync(ServerBodies.Stdio("taken", "v2"), actor, Ct)).IsSuccess);

        database.Commands.Start();
        var again = await service.AddAsync(ServerBodies.Stdio("taken", "v2"), actor, Ct);
        var commands = database.Commands.Stop();

        Assert.Equal(ErrorKind.Conflict, again.Error!.Kind);
        Assert.Single(commands);
        Assert.True(IsRead(commands[0]));
    }

    [Fact]
    public async Task FindNewServerTarget_ReportsRegistryPolicyAndTakenPerProject()
    {
        var actor = await database.NewProjectActorAsync();
        var other = await database.NewProjectActorAsync();
        var service = database.NewServerService();
        await using (var db = await database.DbFactory.CreateDbContextAsync(Ct))
        {
            var project = await db.Projects.FindAsync([actor.ProjectId], Ct);
            project!.RequireApproval = false;
            await db.SaveChangesAsync(Ct);
        }

        await using var read = await database.DbFactory.CreateDbContextAsync(Ct);
        var before = await RegistryLookup.FindNewServerTargetAsync(read, actor.ProjectId, new ServerKey("s", "v1"), Ct);
        Assert.True((await service.AddAsync(ServerBodies.Stdio("s"), actor, Ct)).IsSuccess);
        var after = await RegistryLookup.FindNewServerTargetAsync(read, actor.ProjectId, new ServerKey("s", "v1"), Ct);
        var otherVersion = await RegistryLookup.FindNewServerTargetAsync(read, actor.ProjectId, new ServerKey("s", "v2"), Ct);
        var otherProject = await RegistryLookup.FindNewServerTargetAsync(read, other.ProjectId, new ServerKey("s", "v1"), Ct);
        var noProject = await RegistryLookup.FindNewServerTargetAsync(read, "no-such-project", new ServerKey("s", "v1"), Ct);

        Assert.NotNull(before);
        Assert.Null(before.RegistryId);
        Assert.False(before.Taken);
        Assert.False(before.Policy.RequireApproval);
        Assert.True(before.Policy.RequireDistinctReviewer);
        Assert.NotNull(after!.RegistryId);
        Assert.True(after.Taken);
        Assert.False(otherVersion!.Taken);
        Assert.Equal(after.RegistryId, otherVersion.RegistryId);
        Assert.False(otherProject!.Taken);
        Assert.True(otherProject.Policy.RequireApproval);
        Assert.Null(noProject);
    }

    [Fact]
    public async Task ModifyAsync_ContentChange_ReadsOnceBeforeItWritesAndFollowsThePolicy()
    {
        var actor = await database.NewProjectActorAsync(Role.Admin);
        var service = database.NewServerService();
        Assert.True((await service.AddAsync(ServerBodies.Stdio("changed"), actor, Ct)).IsSuccess);

        database.Commands.Start();
        var modified = await service.ModifyAsync(new ServerKey("changed", "v1"), new JsonObject { ["description"] = "new words" }, expectedRevision: null, actor, Ct);
        var commands = database.Commands.Stop();

        Assert.Equal("new words", modified.Value!.Description);
        Assert.Equal(ReviewStatuses.Pending, modified.Value.ReviewStatus);
        Assert.Single(commands.TakeWhile(IsRead));
        Assert.Contains(commands, c => c.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase) && c.Contains("registry_servers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FindServerForChange_TracksTheServerAndCarriesThisProjectsPolicy()
    {
        var actor = await database.NewProjectActorAsync();
        var other = await database.NewProjectActorAsync();
        var service = database.NewServerService();
        Assert.True((await service.AddAsync(ServerBodies.Stdio("mine"), actor, Ct)).IsSuccess);
        await using (var db = await database.DbFactory.CreateDbContextAsync(Ct))
        {
            var project = await db.Projects.FindAsync([actor.ProjectId], Ct);
            project!.RequireDistinctReviewer = false;
            await db.SaveChangesAsync(Ct);
        }

        await using var read = await database.DbFactory.CreateDbContextAsync(Ct);
        var found = await RegistryLookup.FindServerForChangeAsync(read, actor.ProjectId, new ServerKey("mine", "v1"), Ct);
        var elsewhere = await RegistryLookup.FindServerForChangeAsync(read, other.ProjectId, new ServerKey("mine", "v1"), Ct);

        Assert.NotNull(found);
        var (server, policy) = found;
        Assert.Equal("mine", server.SavedName);
        Assert.Equal(EntityState.Unchanged, read.Entry(server).State);
        Assert.True(policy.RequireApproval);
        Assert.False(policy.RequireDistinctReviewer);
        Assert.Null(elsewhere);
    }
}
