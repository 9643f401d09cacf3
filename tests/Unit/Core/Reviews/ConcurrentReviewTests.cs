using System.Text.Json.Nodes;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Servers;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Core.Reviews;

/// <summary>
/// Two reviewers deciding on the same pending revision at once: the decision that lands second must see that the
/// server is no longer pending (409), never overwrite the first decision or fail with a database error.
/// </summary>
public sealed class ConcurrentReviewTests : IAsyncLifetime
{
    private static readonly ServerKey Fs = new("fs", "v1");

    private CoreDatabase _db = null!;
    private Actor _otherReviewer = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _db = await CoreDatabase.CreateAsync();
        _otherReviewer = _db.Reviewer with { Id = "other-reviewer-key-id", Name = "other-reviewer" };
        Assert.True((await _db.NewServerService().AddAsync(ServerBodies.Stdio("fs"), _db.Admin, Ct)).IsSuccess);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task ReviewAsync_ApprovedByAnotherReviewerMeanwhile_Returns409AndKeepsOneApproval()
    {
        Result<ServerDto>? other = null;
        _db.Transactions.BeforeNextTransaction = async () => other = await _db.NewReviewService().ReviewAsync(Fs, Decision("approve"), null, _otherReviewer, Ct);

        var result = await _db.NewReviewService().ReviewAsync(Fs, Decision("approve"), null, _db.Reviewer, Ct);

        Assert.True(other?.IsSuccess, other?.Error?.Message ?? "the other review did not run");
        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Conflict, result.Error.Kind);
        Assert.Equal(["server.add", "server.approve"], (await AuditTable.ReadAllAsync(_db.ConnectionString)).Select(r => r.Action));
        Assert.Equal(1, await AuditTable.CountAsync(_db.ConnectionString, "server_snapshots"));
        var stored = (await _db.NewServerService().GetAsync(Fs, _db.Admin, Ct)).Value!;
        Assert.Equal("other-reviewer", stored.ReviewedBy);
    }

    [Fact]
    public async Task ReviewAsync_RejectedByAnotherReviewerMeanwhile_Returns409AndStaysRejected()
    {
        Result<ServerDto>? other = null;
        _db.Transactions.BeforeNextTransaction = async () => other = await _db.NewReviewService().ReviewAsync(Fs, Decision("reject", "no"), null, _otherReviewer, Ct);

        var result = await _db.NewReviewService().ReviewAsync(Fs, Decision("approve"), null, _db.Reviewer, Ct);

        Assert.True(other?.IsSuccess, other?.Error?.Message ?? "the other review did not run");
        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Conflict, result.Error.Kind);
        var stored = (await _db.NewServerService().GetAsync(Fs, _db.Admin, Ct)).Value!;
        Assert.Equal(ReviewStatuses.Rejected, stored.ReviewStatus);
        Assert.Null(stored.ApprovedRevision);
        Assert.Equal(0, await AuditTable.CountAsync(_db.ConnectionString, "server_snapshots"));
        Assert.Equal(["server.add", "server.reject"], (await AuditTable.ReadAllAsync(_db.ConnectionString)).Select(r => r.Action));
    }

    [Fact]
    public async Task ReviewAsync_ModifiedByEditorMeanwhile_ReturnsPreconditionFailedOrConflict()
    {
        // The revision a reviewer saw is not the one pending any more: approving it must not approve the new one.
        _db.Transactions.BeforeNextTransaction = async () =>
            Assert.True((await _db.NewServerService().ModifyAsync(Fs, RegistryApi.CommandPatch("uvx", "pkg==1.0.0"), null, _db.Admin, Ct)).IsSuccess);

        var result = await _db.NewReviewService().ReviewAsync(Fs, Decision("approve"), 1, _db.Reviewer, Ct);

        Assert.False(result.IsSuccess);
        Assert.Contains(result.Error.Kind, new[] { ErrorKind.PreconditionFailed, ErrorKind.Conflict });
        var stored = (await _db.NewServerService().GetAsync(Fs, _db.Admin, Ct)).Value!;
        Assert.Equal(ReviewStatuses.Pending, stored.ReviewStatus);
        Assert.Null(stored.ApprovedRevision);
        Assert.Equal(0, await AuditTable.CountAsync(_db.ConnectionString, "server_snapshots"));
    }

    private static JsonObject Decision(string decision, string? note = null) =>
        note is null ? new JsonObject { ["decision"] = decision } : new JsonObject { ["decision"] = decision, ["note"] = note };
}
