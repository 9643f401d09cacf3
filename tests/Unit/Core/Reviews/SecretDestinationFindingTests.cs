using System.Text.Json.Nodes;
using RegistryConsole.Core.Reviews;
using RegistryConsole.Core.Servers;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Core.Reviews;

/// <summary>Issue 8 finding 3: the review of a change that sends a secret somewhere new flags it as high.</summary>
public sealed class SecretDestinationFindingTests : IAsyncLifetime
{
    private static readonly ServerKey Remote = new("remote", "v1");

    private CoreDatabase _db = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _db = await CoreDatabase.CreateAsync();
        var body = ServerBodies.Remote("remote");
        body["server_version"] = "v1";
        Assert.True((await _db.NewServerService().AddAsync(body, _db.Admin, Ct)).IsSuccess);
        var approve = new JsonObject { ["decision"] = "approve" };
        Assert.True((await _db.NewReviewService().ReviewAsync(Remote, approve, null, _db.Reviewer, Ct)).IsSuccess);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private async Task ModifyConfigAsync(Action<JsonObject> edit)
    {
        var config = (JsonObject)(await _db.NewServerService().GetAsync(Remote, _db.Admin, Ct)).Value!.McpConfig.DeepClone();
        edit(config);
        var result = await _db.NewServerService().ModifyAsync(Remote, new JsonObject { ["mcp_config"] = config }, null, _db.Admin, Ct);
        Assert.True(result.IsSuccess, result.IsSuccess ? null : result.Error.Message);
    }

    [Fact]
    public async Task GetReview_UrlMovedToAnotherHostWithTheSecretEnteredAgain_FlagsSecretDestinationChangedHigh()
    {
        await ModifyConfigAsync(c =>
        {
            c["config"]!["url"] = "https://attacker.example/mcp";
            c["config"]!["headers"]!["Authorization"] = "Bearer typed-again";
        });

        var review = (await _db.NewReviewService().GetReviewAsync(Remote, _db.Reviewer, Ct)).Value!;

        var finding = Assert.Single(review.Findings, f => f.Code == ReviewFindings.SecretDestinationChanged);
        Assert.Equal(ReviewFindings.High, finding.Severity);
        Assert.Equal("mcp_config.config.url", finding.Path);
        Assert.Contains("config.headers.Authorization", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetReview_OnlyThePathOfTheUrlChanged_NoSecretDestinationFinding()
    {
        await ModifyConfigAsync(c => c["config"]!["url"] = "https://mcp.example.com/v2/mcp");

        var review = (await _db.NewReviewService().GetReviewAsync(Remote, _db.Reviewer, Ct)).Value!;

        Assert.Equal("pending", review.Server.ReviewStatus);
        Assert.DoesNotContain(review.Findings, f => f.Code == ReviewFindings.SecretDestinationChanged);
    }
}
