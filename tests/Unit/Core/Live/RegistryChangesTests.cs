using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Reviews;
using RegistryConsole.Core.Servers;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Core.Live;

/// <summary>
/// Issue 13 item 8 on a real database: every committed change to servers and reviews tells <see cref="IRegistryChanges"/>,
/// after the commit (a subscriber reading the database sees the new state), and nothing that failed or only read does.
/// Each test works in a project of its own; the class's tests run one after another, so a recorder sees only its test.
/// </summary>
public sealed class RegistryChangesTests(CoreDatabase database) : IClassFixture<CoreDatabase>
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private IServerService Servers => database.Services.GetRequiredService<IServerService>();

    private IReviewService Reviews => database.Services.GetRequiredService<IReviewService>();

    private IRegistryChanges Changes => database.Services.GetRequiredService<IRegistryChanges>();

    private static JsonObject Body(string name) => new()
    {
        ["saved_name"] = name,
        ["mcp_config"] = new JsonObject { ["config"] = new JsonObject { ["command"] = "uvx", ["args"] = new JsonArray("mcp-server-time==1.0.0") } },
    };

    private static JsonObject Decision(string decision) => new() { ["decision"] = decision, ["note"] = "checked" };

    private async Task<(Actor Editor, Actor Reviewer, ServerKey Key)> PendingServerAsync()
    {
        var editor = await database.NewProjectActorAsync(Role.Editor);
        var key = new ServerKey("fs", "v1");
        Assert.True((await Servers.AddAsync(Body(key.SavedName), editor, Ct)).IsSuccess);
        return (editor, CoreDatabase.As(editor, Role.Reviewer), key);
    }

    /// <summary>Each notification with the review status a fresh context reads at that moment.</summary>
    private Recorder Record(Actor actor, ServerKey key) => new(Changes, scope =>
    {
        using var db = database.DbFactory.CreateDbContext();
        var status = db.Servers.AsNoTracking()
            .Where(s => s.SavedName == key.SavedName && s.ServerVersion == key.ServerVersion && db.Registries.Any(r => r.Id == s.RegistryId && r.ProjectId == actor.ProjectId))
            .Select(s => s.IsActive ? s.ReviewStatus : "deleted")
            .FirstOrDefault();
        return $"{scope}:{status ?? "absent"}";
    });

    [Fact]
    public async Task AddAsync_Committed_PublishesRegistryOnceTheRowIsThere()
    {
        var (editor, _, _) = await PendingServerAsync();
        var key = new ServerKey("added", "v1");
        using var recorder = Record(editor, key);

        Assert.True((await Servers.AddAsync(Body(key.SavedName), editor, Ct)).IsSuccess);

        Assert.Equal([$"{ChangeStamp.Registry}:{ReviewStatuses.Pending}"], recorder.Seen);
    }

    [Fact]
    public async Task ReviewAsync_Approve_PublishesAfterTheTransactionCommitted()
    {
        var (_, reviewer, key) = await PendingServerAsync();
        using var recorder = Record(reviewer, key);

        Assert.True((await Reviews.ReviewAsync(key, Decision("approve"), null, reviewer, Ct)).IsSuccess);

        // The review saves inside its own transaction: published at commit, so a reader already sees "approved".
        Assert.Equal([$"{ChangeStamp.Registry}:{ReviewStatuses.Approved}"], recorder.Seen);
    }

    [Fact]
    public async Task ReviewAsync_Reject_Publishes()
    {
        var (_, reviewer, key) = await PendingServerAsync();
        using var recorder = Record(reviewer, key);

        Assert.True((await Reviews.ReviewAsync(key, Decision("reject"), null, reviewer, Ct)).IsSuccess);

        Assert.Equal([$"{ChangeStamp.Registry}:{ReviewStatuses.Rejected}"], recorder.Seen);
    }

    [Fact]
    public async Task ModifyAsync_ApprovedServerChanged_PublishesThePendingChange()
    {
        var (editor, reviewer, key) = await PendingServerAsync();
        Assert.True((await Reviews.ReviewAsync(key, Decision("approve"), null, reviewer, Ct)).IsSuccess);
        using var recorder = Record(editor, key);

        var patch = new JsonObject { ["description"] = "changed" };
        Assert.True((await Servers.ModifyAsync(key, patch, null, editor, Ct)).IsSuccess);

        Assert.Equal([$"{ChangeStamp.Registry}:{ReviewStatuses.Pending}"], recorder.Seen);
    }

    [Fact]
    public async Task DeleteAndRestore_EachPublish()
    {
        var (editor, _, key) = await PendingServerAsync();
        using var recorder = Record(editor, key);

        Assert.True((await Servers.DeleteAsync(key, null, editor, Ct)).IsSuccess);
        Assert.True((await Servers.ModifyAsync(key, new JsonObject { ["is_active"] = true }, null, editor, Ct)).IsSuccess);

        Assert.Equal(2, recorder.Seen.Count);
        Assert.Equal($"{ChangeStamp.Registry}:deleted", recorder.Seen[0]);
        Assert.StartsWith($"{ChangeStamp.Registry}:", recorder.Seen[1], StringComparison.Ordinal);
        Assert.NotEqual($"{ChangeStamp.Registry}:deleted", recorder.Seen[1]);
    }

    [Fact]
    public async Task ReadsAndRefusedChanges_PublishNothing()
    {
        var (editor, reviewer, key) = await PendingServerAsync();
        Assert.True((await Reviews.ReviewAsync(key, Decision("approve"), null, reviewer, Ct)).IsSuccess);
        using var recorder = Record(editor, key);

        Assert.True((await Servers.GetAsync(key, editor, Ct)).IsSuccess);
        Assert.Equal(0, await Reviews.CountPendingAsync(reviewer, Ct));
        Assert.False((await Reviews.ReviewAsync(key, Decision("approve"), null, reviewer, Ct)).IsSuccess, "nothing is pending: 409");
        Assert.False((await Servers.ModifyAsync(key, new JsonObject { ["mcp_config"] = new JsonObject { ["config"] = "not an object" } }, null, editor, Ct)).IsSuccess);
        Assert.False((await Servers.ModifyAsync(key, new JsonObject { ["description"] = "stale" }, 99, editor, Ct)).IsSuccess, "stale revision: 412");

        Assert.Empty(recorder.Seen);
    }

    [Fact]
    public async Task ExplicitTransaction_PublishesAtCommitAndNeverOnRollback()
    {
        var (editor, _, key) = await PendingServerAsync();
        using var recorder = Record(editor, key);

        await using (var db = await database.DbFactory.CreateDbContextAsync(Ct))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            var server = await db.Servers.FirstAsync(s => s.SavedName == key.SavedName && db.Registries.Any(r => r.Id == s.RegistryId && r.ProjectId == editor.ProjectId), Ct);
            server.Description = "rolled back";
            await db.SaveChangesAsync(Ct);
            Assert.Empty(recorder.Seen);
            await transaction.RollbackAsync(Ct);
        }

        Assert.Empty(recorder.Seen);

        await using (var db = await database.DbFactory.CreateDbContextAsync(Ct))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            var server = await db.Servers.FirstAsync(s => s.SavedName == key.SavedName && db.Registries.Any(r => r.Id == s.RegistryId && r.ProjectId == editor.ProjectId), Ct);
            server.Description = "committed";
            await db.SaveChangesAsync(Ct);
            Assert.Empty(recorder.Seen);
            await transaction.CommitAsync(Ct);
        }

        Assert.Equal([$"{ChangeStamp.Registry}:{ReviewStatuses.Pending}"], recorder.Seen);
    }

    [Fact]
    public void Publish_ReachesEverySubscriberUntilDisposed_EvenPastOneThatThrows()
    {
        var changes = new RegistryChanges();
        var seen = new List<string>();
        using var broken = changes.Subscribe(_ => throw new InvalidOperationException("a closed circuit"));
        var subscription = changes.Subscribe(seen.Add);

        changes.Publish(ChangeStamp.Registry);
        subscription.Dispose();
        subscription.Dispose();
        changes.Publish(ChangeStamp.Access);

        Assert.Equal([ChangeStamp.Registry], seen);
        Assert.Equal(1, changes.SubscriberCount);
    }

    private sealed class Recorder : IDisposable
    {
        private readonly IDisposable _subscription;
        private readonly List<string> _seen = [];

        public Recorder(IRegistryChanges changes, Func<string, string> describe)
        {
            _subscription = changes.Subscribe(scope =>
            {
                var entry = describe(scope);
                lock (_seen)
                {
                    _seen.Add(entry);
                }
            });
        }

        public List<string> Seen
        {
            get
            {
                lock (_seen)
                {
                    return [.. _seen];
                }
            }
        }

        public void Dispose() => _subscription.Dispose();
    }
}
