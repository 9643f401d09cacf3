using System.Text.Json.Nodes;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Servers;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Postgres;

/// <summary>
/// PostgreSQL has no BEGIN IMMEDIATE: a second reviewer can decide between the first one's read and its save. The review
/// must lock the row and re-read it, so the later decision finds nothing pending (409), whatever the test run's provider.
/// </summary>
public sealed class PostgresReviewLockTests : IAsyncLifetime
{
    private static readonly ServerKey Fs = new("fs", "v1");

    private CoreDatabase _db = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        TestProvider.RequirePostgres();
        _db = await CoreDatabase.CreateAsync(DatabaseProvider.Postgres);
        Assert.True((await _db.NewServerService().AddAsync(ServerBodies.Stdio("fs"), _db.Admin, Ct)).IsSuccess);
    }

    public ValueTask DisposeAsync() => _db?.DisposeAsync() ?? ValueTask.CompletedTask;

    [Theory]
    [InlineData("approve")]
    [InlineData("reject")]
    public async Task ReviewAsync_OtherReviewerDecidesBetweenReadAndSave_Returns409AndKeepsTheOtherDecision(string otherDecision)
    {
        var otherReviewer = _db.Reviewer with { Id = "other-reviewer-key-id", Name = "other-reviewer" };
        Result<ServerDto>? other = null;
        _db.Reads.AfterNextServerRead = async () => other = await _db.NewReviewService().ReviewAsync(Fs, Decision(otherDecision), null, otherReviewer, Ct);

        var result = await _db.NewReviewService().ReviewAsync(Fs, Decision("approve"), null, _db.Reviewer, Ct);

        Assert.True(other?.IsSuccess, other?.Error?.Message ?? "the other review did not run");
        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Conflict, result.Error.Kind);
        Assert.Equal(["server.add", $"server.{otherDecision}"], (await AuditTable.ReadAllAsync(_db.ConnectionString)).Select(r => r.Action));
        Assert.Equal(otherDecision == "approve" ? 1 : 0, await AuditTable.CountAsync(_db.ConnectionString, "server_snapshots"));
        var stored = (await _db.NewServerService().GetAsync(Fs, _db.Admin, Ct)).Value!;
        Assert.Equal("other-reviewer", stored.ReviewedBy);
        Assert.Equal(otherDecision == "approve" ? ReviewStatuses.Approved : ReviewStatuses.Rejected, stored.ReviewStatus);
    }

    private static JsonObject Decision(string decision) =>
        decision == "reject" ? new JsonObject { ["decision"] = decision, ["note"] = "no" } : new JsonObject { ["decision"] = decision };
}
