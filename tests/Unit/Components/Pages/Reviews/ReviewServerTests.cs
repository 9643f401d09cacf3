using Bunit;
using Bunit.TestDoubles;
using RegistryConsole.Components.Pages.Reviews;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Reviews;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Tests.Unit.Components.Pages.Reviews;

public sealed class ReviewServerTests : ConsoleTestContext
{
    private static readonly ServerKey Filesystem = new("filesystem", "v1");

    public ReviewServerTests()
    {
        ComponentFactories.AddStub<JsonDiffViewer>();
        SignInAs(Role.Reviewer);
        Reviews.Reviews[Filesystem] = ReviewTestData.Review("filesystem", findings:
        [
            new Finding("shell_wrapper", ReviewFindings.High, "mcp_config.config.command", "Runs through a shell ('sh -c')"),
            new Finding("server_info_validation_off", ReviewFindings.Low, "mcp_config.enable_server_info_validation", "Server-info validation is off"),
        ]);
    }

    [Fact]
    public void ReviewServer_WhileLoading_ShowsProgress()
    {
        Reviews.Gate = new TaskCompletionSource();

        var cut = RenderReview();

        Assert.NotNull(cut.Find("[data-testid=loading]"));
        Reviews.Gate.SetResult();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=loading]")));
    }

    [Fact]
    public void ReviewServer_Unknown_SaysSo()
    {
        var cut = RenderReview("nope");

        Assert.Contains("no server 'nope'", cut.Find("[data-testid=load-error]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ReviewServer_DiffsServedAgainstPending()
    {
        var cut = RenderReview();

        var diff = cut.FindComponent<Stub<JsonDiffViewer>>().Instance.Parameters;
        Assert.Contains("old-name", diff.Get(d => d.Original), StringComparison.Ordinal);
        Assert.Contains("@modelcontextprotocol/server-filesystem", diff.Get(d => d.Modified), StringComparison.Ordinal);
        Assert.Equal("Served (revision 2)", diff.Get(d => d.OriginalLabel));
        Assert.Equal("Pending (revision 3)", diff.Get(d => d.ModifiedLabel));
    }

    [Fact]
    public void ReviewServer_NeverApproved_DiffsAgainstNothing()
    {
        Reviews.Reviews[Filesystem] = ReviewTestData.Review("filesystem", approvedBefore: false);

        var cut = RenderReview();

        var diff = cut.FindComponent<Stub<JsonDiffViewer>>().Instance.Parameters;
        Assert.Equal(string.Empty, diff.Get(d => d.Original));
        Assert.Contains("never approved", diff.Get(d => d.OriginalLabel), StringComparison.Ordinal);
    }

    [Fact]
    public void ReviewServer_Findings_ShowSeverityPathAndMessage()
    {
        var cut = RenderReview();

        var findings = cut.FindAll("[data-testid=finding]");
        Assert.Equal(2, findings.Count);
        Assert.Equal("high", findings[0].QuerySelector("[data-testid=finding-severity]")!.TextContent.Trim());
        Assert.Contains("mcp_config.config.command", findings[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Runs through a shell", findings[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("mud-chip-color-error", findings[0].QuerySelector("[data-testid=finding-severity]")!.ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void ReviewServer_NoFindings_SaysSo()
    {
        Reviews.Reviews[Filesystem] = ReviewTestData.Review("filesystem");

        var cut = RenderReview();

        Assert.NotNull(cut.Find("[data-testid=no-findings]"));
    }

    [Theory]
    [InlineData(Role.Viewer)]
    [InlineData(Role.Editor)]
    public void ReviewServer_WithoutReviewRole_HidesTheDecision(Role role)
    {
        SignInAs(role);

        var cut = RenderReview();

        Assert.Empty(cut.FindAll("[data-testid=approve]"));
        Assert.Empty(cut.FindAll("[data-testid=reject]"));
        Assert.NotNull(cut.Find("[data-testid=cannot-review]"));
    }

    [Fact]
    public void ReviewServer_OwnChange_DisablesTheButtonsAndSaysWhy()
    {
        Reviews.Reviews[Filesystem] = ReviewTestData.Review("filesystem", ownChange: true);

        var cut = RenderReview();

        Assert.True(cut.Find("button[data-testid=approve]").HasAttribute("disabled"));
        Assert.True(cut.Find("button[data-testid=reject]").HasAttribute("disabled"));
        Assert.Contains("You made this change", cut.Find("[data-testid=own-change]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ReviewServer_NotPending_SaysSoInsteadOfButtons()
    {
        var review = Reviews.Reviews[Filesystem];
        Reviews.Reviews[Filesystem] = review with { Server = review.Server with { ReviewStatus = ReviewStatuses.Approved, ReviewedBy = "carol" } };

        var cut = RenderReview();

        Assert.Contains("approved", cut.Find("[data-testid=not-pending]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=approve]"));
    }

    [Fact]
    public void Approve_SendsDecisionNoteAndTheReadRevisionThenReturnsToTheQueue()
    {
        var cut = RenderReview();

        cut.Find("textarea[data-testid=note]").Change("pinned versions, fine");
        cut.Find("button[data-testid=approve]").Click();

        cut.WaitForAssertion(() => Assert.Single(Reviews.ReviewCalls));
        var (key, body, revision) = Reviews.ReviewCalls[0];
        Assert.Equal(Filesystem, key);
        Assert.Equal("""{"decision":"approve","note":"pinned versions, fine"}""", body.ToJsonString());
        Assert.Equal(3, revision);
        cut.WaitForAssertion(() => Assert.Equal("http://localhost/reviews", Navigation.Uri));
    }

    [Fact]
    public void Reject_WithoutNote_ShowsTheServiceMessageOnTheNote()
    {
        Reviews.OnReview = (_, _, _) => Error.Validation("note", "is required when rejecting: say what must change");
        var cut = RenderReview();

        cut.Find("button[data-testid=reject]").Click();

        cut.WaitForAssertion(() => Assert.Contains("is required when rejecting", cut.Markup, StringComparison.Ordinal));
        Assert.Equal("reject", (string?)Reviews.ReviewCalls[0].Body["decision"]);
    }

    [Theory]
    [InlineData(ErrorKind.Forbidden, "the project requires another reviewer")]
    [InlineData(ErrorKind.Conflict, "is not pending review")]
    public void Approve_ForbiddenOrConflict_ShowsTheMessageInASnackbar(ErrorKind kind, string message)
    {
        Reviews.OnReview = (_, _, _) => new Error(kind, message);
        var snackbars = RenderSnackbarHost();
        var cut = RenderReview();

        cut.Find("button[data-testid=approve]").Click();

        snackbars.WaitForAssertion(() => Assert.Contains(message, snackbars.Markup, StringComparison.Ordinal));
        Assert.Equal("http://localhost/", Navigation.Uri);
    }

    [Fact]
    public void Approve_ChangedMeanwhile_SaysSoAndReloadShowsTheNewRevision()
    {
        Reviews.OnReview = (key, _, _) => Error.PreconditionFailed($"{key} has changed since it was read (revision 4); review the new revision");
        var cut = RenderReview();

        cut.Find("button[data-testid=approve]").Click();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=concurrency-alert]")));
        var review = Reviews.Reviews[Filesystem];
        Reviews.Reviews[Filesystem] = review with { Server = review.Server with { Revision = 4 } };
        cut.Find("button[data-testid=reload]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=concurrency-alert]")));
        Assert.Equal("Pending (revision 4)", cut.FindComponent<Stub<JsonDiffViewer>>().Instance.Parameters.Get(d => d.ModifiedLabel));
    }

    [Fact]
    public void Finding_Clicked_ScrollsThePendingSideToItsLine()
    {
        var cut = RenderReview();

        cut.FindAll("[data-testid=finding]")[0].Click();

        var reveal = cut.FindComponent<Stub<JsonDiffViewer>>().Instance.Parameters.Get(d => d.Reveal);
        var pending = JsonText.Format(Reviews.Reviews[Filesystem].Pending);
        Assert.NotNull(reveal);
        Assert.False(reveal.Original);
        Assert.Contains("\"command\"", pending.Split('\n')[reveal.Line - 1], StringComparison.Ordinal);
    }

    [Fact]
    public void Finding_OnAKeyThePendingRevisionRemoved_ScrollsTheServedSide()
    {
        Reviews.Reviews[Filesystem] = ChangedReview(
            served: """{"mcp_config": {"denied_tools": ["push_files"], "tool_guardrails_config": {"enabled": true, "guardrail_name": "t"}}}""",
            pending: """{"mcp_config": {"denied_tools": []}}""",
            new Finding("guardrail_disabled", ReviewFindings.High, "mcp_config.tool_guardrails_config", "The tool guardrail was enabled and is not any more"));
        var cut = RenderReview();

        cut.Find("[data-testid=finding]").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });

        var reveal = cut.FindComponent<Stub<JsonDiffViewer>>().Instance.Parameters.Get(d => d.Reveal);
        Assert.Equal(new DiffLine(Original: true, Line: 6), reveal);
    }

    [Fact]
    public void ReachedGateways_ListEachWithItsOverrideOfTheChangedKeys()
    {
        Reviews.Reviews[Filesystem] = ChangedReview(
            served: """{"mcp_config": {"input_guardrails_config": {"enabled": true, "guardrail_name": "a", "block": ["pii"]}}}""",
            pending: """{"mcp_config": {"input_guardrails_config": {"enabled": false}}}""") with { ChangedKeys = ["input_guardrails_config"] };
        Servers.Gateways.Add(Usage("prod", common: """{"input_guardrails_config": {"enabled": true, "guardrail_name": "prod-strict-input", "block": ["pii", "nsfw", "bias", "toxicity", "injection_attack"]}}"""));
        Servers.Gateways.Add(Usage("staging"));
        var cut = RenderReview();

        var rows = cut.FindAll("[data-testid=reached-gateway]");
        Assert.Equal(2, rows.Count);
        Assert.Contains("prod · v1", rows[0].TextContent, StringComparison.Ordinal);
        var prod = rows[0].QuerySelector("[data-testid=override-input_guardrails_config]")!.TextContent;
        Assert.Contains("prod-strict-input · 5 detectors · enabled", prod, StringComparison.Ordinal);
        Assert.Contains("common override: this change does not apply here", prod, StringComparison.Ordinal);
        Assert.Contains("takes the change", rows[1].QuerySelector("[data-testid=override-input_guardrails_config]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Gateways it reaches (2)", cut.Find("[data-testid=reached-gateways]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ReachedGateways_None_SaysSo()
    {
        var cut = RenderReview();

        Assert.Contains("No gateway references this version", cut.Find("[data-testid=no-gateways]").TextContent, StringComparison.Ordinal);
    }

    private static ServerReviewDto ChangedReview(string served, string pending, params Finding[] findings) =>
        ReviewTestData.Review("filesystem", findings: findings) with
        {
            Served = System.Text.Json.Nodes.JsonNode.Parse(served)!.AsObject(),
            Pending = System.Text.Json.Nodes.JsonNode.Parse(pending)!.AsObject(),
        };

    private static RegistryConsole.Core.Gateways.GatewayUsageDto Usage(string name, string? common = null) => new()
    {
        GatewaySavedName = name,
        GatewayVersion = "v1",
        GatewayId = name + "-id",
        IsActive = true,
        Overrides = [],
        CommonOverrides = common is null ? [] : System.Text.Json.Nodes.JsonNode.Parse(common)!.AsObject(),
    };

    private IRenderedComponent<ReviewServer> RenderReview(string savedName = "filesystem") =>
        Render<ReviewServer>(p => p.Add(r => r.SavedName, savedName).Add(r => r.Version, "v1"));
}
