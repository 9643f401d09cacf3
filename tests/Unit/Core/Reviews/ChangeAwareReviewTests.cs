using System.Text.Json.Nodes;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Tests.Unit.Core.Reviews;

using RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>GetReviewAsync on real SQLite: findings come from the pair (served snapshot, pending revision).</summary>
public sealed class ChangeAwareReviewTests : IAsyncLifetime
{
    private static readonly ServerKey Fs = new("fs", "v1");

    private CoreDatabase _db = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _db = await CoreDatabase.CreateAsync();
        Assert.True((await _db.NewServerService().AddAsync(ServerBodies.Stdio("fs"), _db.Admin, Ct)).IsSuccess);
        Assert.True((await _db.NewReviewService().ReviewAsync(Fs, new JsonObject { ["decision"] = "approve" }, null, _db.Reviewer, Ct)).IsSuccess);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task GetReviewAsync_DeniedToolRemoved_IsAFindingWithItsPathAndTheChangedKeys()
    {
        var patch = new JsonObject { ["mcp_config"] = new JsonObject { ["denied_tools"] = new JsonArray() } };
        Assert.True((await _db.NewServerService().ModifyAsync(Fs, patch, null, _db.Admin, Ct)).IsSuccess);

        var review = (await _db.NewReviewService().GetReviewAsync(Fs, _db.Reviewer, Ct)).Value!;

        var first = review.Findings[0];
        Assert.Equal(("denied_tool_removed", "mcp_config.denied_tools"), (first.Code, first.Path));
        Assert.Contains("'delete_*' is no longer denied", first.Message, StringComparison.Ordinal);
        Assert.Equal(["denied_tools"], review.ChangedKeys);
    }

    [Fact]
    public async Task GetReviewAsync_ApprovedAndUnchanged_HasNoChangeFinding()
    {
        var review = (await _db.NewReviewService().GetReviewAsync(Fs, _db.Reviewer, Ct)).Value!;

        Assert.DoesNotContain(review.Findings, f => f.Code is "denied_tool_removed" or "command_changed" or "secret_added");
        Assert.Empty(review.ChangedKeys);
    }
}
