using System.Net;
using System.Text.Json.Nodes;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Api;

/// <summary>review-server (API.md §3, §4) under the default settings: approval required, distinct reviewer required.</summary>
public sealed class ReviewApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task AddServer_NewServer_IsPendingWithoutApprovedRevision()
    {
        using var admin = factory.ClientWithKey();

        var data = await admin.AddServerOkAsync(ServerBodies.Stdio("rv-new"));

        Assert.Equal("pending", data["review_status"]!.GetValue<string>());
        Assert.Null(data["approved_revision"]);
        Assert.Null(data["reviewed_by"]);
        Assert.Equal(1, data["revision"]!.GetValue<int>());
        Assert.Equal("pending", (await admin.GetServerOkAsync("rv-new"))["review_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReviewServer_ApproveByReviewerKey_ApprovesCurrentRevision()
    {
        using var admin = factory.ClientWithKey();
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", "rv-reviewer-approve"));
        await admin.AddServerOkAsync(ServerBodies.Stdio("rv-approve"));
        await admin.ModifyServerOkAsync("rv-approve", new JsonObject { ["description"] = "second revision" });

        var response = await reviewer.ReviewServerAsync("rv-approve", "approve", "looks fine");
        var body = await response.AssertStatusAsync(HttpStatusCode.OK);

        var data = body["data"]!;
        Assert.False(string.IsNullOrWhiteSpace(body["message"]?.GetValue<string>()));
        Assert.Equal("approved", data["review_status"]!.GetValue<string>());
        Assert.Equal(2, data["revision"]!.GetValue<int>());
        Assert.Equal(2, data["approved_revision"]!.GetValue<int>());
        Assert.Equal("rv-reviewer-approve", data["reviewed_by"]!.GetValue<string>());
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        var stored = await admin.GetServerOkAsync("rv-approve");
        Assert.Equal("approved", stored["review_status"]!.GetValue<string>());
        Assert.Equal(2, stored["approved_revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task ReviewServer_ApproveBySecondAdminKey_Approves()
    {
        using var admin = factory.ClientWithKey();
        using var secondAdmin = factory.ClientWithKey(await factory.CreateKeyAsync("admin", "rv-second-admin"));
        await admin.AddServerOkAsync(ServerBodies.Stdio("rv-second-admin"));

        var data = await secondAdmin.ReviewServerOkAsync("rv-second-admin", "approve");

        Assert.Equal("approved", data["review_status"]!.GetValue<string>());
        Assert.Equal(1, data["approved_revision"]!.GetValue<int>());
        Assert.Equal("rv-second-admin", data["reviewed_by"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReviewServer_AuthorApprovesOwnChange_Returns403AndStaysPending()
    {
        using var admin = factory.ClientWithKey();
        await admin.AddServerOkAsync(ServerBodies.Stdio("rv-own"));

        var response = await admin.ReviewServerAsync("rv-own", "approve");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        var stored = await admin.GetServerOkAsync("rv-own");
        Assert.Equal("pending", stored["review_status"]!.GetValue<string>());
        Assert.Null(stored["approved_revision"]);
    }

    [Fact]
    public async Task ReviewServer_AuthorRejectsOwnChange_Returns403()
    {
        using var editor = factory.ClientWithKey(await factory.CreateKeyAsync("admin", "rv-own-reject-author"));
        await editor.AddServerOkAsync(ServerBodies.Stdio("rv-own-reject"));

        var response = await editor.ReviewServerAsync("rv-own-reject", "reject", "not mine to judge");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("pending", (await editor.GetServerOkAsync("rv-own-reject"))["review_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReviewServer_ModifiedByAnotherEditor_AuthorOfPendingChangeIsTheModifier()
    {
        // The first author may review once someone else made the change now pending, and the modifier may not.
        using var admin = factory.ClientWithKey();
        using var editor = factory.ClientWithKey(await factory.CreateKeyAsync("editor", "rv-modifier-editor"));
        using var otherAdmin = factory.ClientWithKey(await factory.CreateKeyAsync("admin", "rv-modifier-admin"));
        await admin.AddServerOkAsync(ServerBodies.Stdio("rv-modifier"));
        await otherAdmin.ReviewServerOkAsync("rv-modifier", "approve");
        await editor.ModifyServerOkAsync("rv-modifier", RegistryApi.CommandPatch("uvx", "mcp-server-fetch==1.0.0"));

        var data = await admin.ReviewServerOkAsync("rv-modifier", "approve");

        Assert.Equal(2, data["approved_revision"]!.GetValue<int>());
        Assert.Equal("bootstrap-admin", data["reviewed_by"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReviewServer_ApprovedServer_Returns409()
    {
        using var admin = factory.ClientWithKey();
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", "rv-409-reviewer"));
        await admin.AddServerOkAsync(ServerBodies.Stdio("rv-409"));
        await reviewer.ReviewServerOkAsync("rv-409", "approve");

        var again = await reviewer.ReviewServerAsync("rv-409", "approve");
        var reject = await reviewer.ReviewServerAsync("rv-409", "reject", "too late");

        await again.AssertProblemAsync(HttpStatusCode.Conflict);
        await reject.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("approved", (await admin.GetServerOkAsync("rv-409"))["review_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReviewServer_RejectedServer_Returns409()
    {
        using var admin = factory.ClientWithKey();
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", "rv-409r-reviewer"));
        await admin.AddServerOkAsync(ServerBodies.Stdio("rv-409r"));
        await reviewer.ReviewServerOkAsync("rv-409r", "reject", "pin the package");

        var response = await reviewer.ReviewServerAsync("rv-409r", "approve");

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        var stored = await admin.GetServerOkAsync("rv-409r");
        Assert.Equal("rejected", stored["review_status"]!.GetValue<string>());
        Assert.Null(stored["approved_revision"]);
    }

    [Fact]
    public async Task ReviewServer_DeletedPendingServer_Returns409()
    {
        using var admin = factory.ClientWithKey();
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", "rv-deleted-reviewer"));
        await admin.AddServerOkAsync(ServerBodies.Stdio("rv-deleted"));
        await (await admin.DeleteServerAsync("rv-deleted")).AssertStatusAsync(HttpStatusCode.OK);

        var response = await reviewer.ReviewServerAsync("rv-deleted", "approve");

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Null((await admin.GetServerOkAsync("rv-deleted"))["approved_revision"]);
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("editor")]
    [InlineData("runtime")]
    public async Task ReviewServer_RoleWithoutReviewPermission_Returns403(string role)
    {
        using var admin = factory.ClientWithKey();
        var name = $"rv-role-{role}";
        using var caller = factory.ClientWithKey(await factory.CreateKeyAsync(role, $"rv-role-key-{role}"));
        await admin.AddServerOkAsync(ServerBodies.Stdio(name));

        var approve = await caller.ReviewServerAsync(name, "approve");
        var reject = await caller.ReviewServerAsync(name, "reject", "no");

        await approve.AssertProblemAsync(HttpStatusCode.Forbidden);
        await reject.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("pending", (await admin.GetServerOkAsync(name))["review_status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"decision": "maybe"}""")]
    [InlineData("""{"decision": "APPROVE"}""")]
    [InlineData("""{"decision": ""}""")]
    [InlineData("""{"decision": 1}""")]
    [InlineData("""{"note": "no decision at all"}""")]
    public async Task ReviewServer_BadDecision_Returns400NamingDecision(string json)
    {
        using var admin = factory.ClientWithKey();
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", $"rv-bad-{Guid.NewGuid():N}"));
        var name = $"rv-bad-{Guid.NewGuid():N}"[..20];
        await admin.AddServerOkAsync(ServerBodies.Stdio(name));

        var response = await reviewer.ReviewServerRawAsync(name, json);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["decision"], problem.ErrorPaths());
        Assert.Equal("pending", (await admin.GetServerOkAsync(name))["review_status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"decision": "reject"}""")]
    [InlineData("""{"decision": "reject", "note": null}""")]
    [InlineData("""{"decision": "reject", "note": "   "}""")]
    public async Task ReviewServer_RejectWithoutNote_Returns400NamingNote(string json)
    {
        using var admin = factory.ClientWithKey();
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", $"rv-note-{Guid.NewGuid():N}"));
        var name = $"rv-note-{Guid.NewGuid():N}"[..20];
        await admin.AddServerOkAsync(ServerBodies.Stdio(name));

        var response = await reviewer.ReviewServerRawAsync(name, json);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["note"], problem.ErrorPaths());
        Assert.Equal("pending", (await admin.GetServerOkAsync(name))["review_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReviewServer_UnknownBodyField_Returns400NamingIt()
    {
        using var admin = factory.ClientWithKey();
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", "rv-unknown-field-reviewer"));
        await admin.AddServerOkAsync(ServerBodies.Stdio("rv-unknown-field"));

        var response = await reviewer.ReviewServerRawAsync("rv-unknown-field", """{"decision": "approve", "notes": "typo"}""");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("notes", problem.ErrorPaths());
        Assert.Equal("pending", (await admin.GetServerOkAsync("rv-unknown-field"))["review_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReviewServer_RejectWithNote_IsRejectedWithoutApprovedRevision()
    {
        using var admin = factory.ClientWithKey();
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", "rv-reject-reviewer"));
        await admin.AddServerOkAsync(ServerBodies.Stdio("rv-reject"));

        var data = await reviewer.ReviewServerOkAsync("rv-reject", "reject", "pin the package version");

        Assert.Equal("rejected", data["review_status"]!.GetValue<string>());
        Assert.Null(data["approved_revision"]);
        Assert.Equal("rv-reject-reviewer", data["reviewed_by"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReviewServer_IfMatchMismatch_Returns412AndChangesNothing()
    {
        using var admin = factory.ClientWithKey();
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", "rv-412-reviewer"));
        await admin.AddServerOkAsync(ServerBodies.Stdio("rv-412"));
        await admin.ModifyServerOkAsync("rv-412", new JsonObject { ["description"] = "revision two" });

        var stale = await reviewer.ReviewServerAsync("rv-412", "approve", ifMatch: "\"1\"");
        var garbage = await reviewer.ReviewServerAsync("rv-412", "approve", ifMatch: "\"not-a-revision\"");

        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        await garbage.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        var stored = await admin.GetServerOkAsync("rv-412");
        Assert.Equal("pending", stored["review_status"]!.GetValue<string>());
        Assert.Null(stored["approved_revision"]);
    }

    [Fact]
    public async Task ReviewServer_IfMatchCurrent_Approves()
    {
        using var admin = factory.ClientWithKey();
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", "rv-ifmatch-reviewer"));
        await admin.AddServerOkAsync(ServerBodies.Stdio("rv-ifmatch"));

        var response = await reviewer.ReviewServerAsync("rv-ifmatch", "approve", ifMatch: "\"1\"");

        var body = await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(1, body["data"]!["approved_revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task ReviewServer_MissingServerHeader_Returns400NamingHeader()
    {
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", "rv-no-header-reviewer"));

        var response = await reviewer.ReviewServerRawAsync(null, """{"decision": "approve"}""");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([RegistryApi.ServerHeader], problem.ErrorPaths());
    }

    [Fact]
    public async Task ReviewServer_UnknownServer_Returns404()
    {
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", "rv-404-reviewer"));

        var response = await reviewer.ReviewServerAsync("rv-does-not-exist", "approve");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ReviewServer_UnknownServerVersion_Returns404()
    {
        using var admin = factory.ClientWithKey();
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", "rv-404v-reviewer"));
        await admin.AddServerOkAsync(ServerBodies.Stdio("rv-404v"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp-registry/review-server")
            .WithServer("rv-404v", "v2").WithJson("""{"decision": "approve"}""");

        var response = await reviewer.SendAsync(request, Xunit.TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("pending", (await admin.GetServerOkAsync("rv-404v"))["review_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReviewServer_TwoReviewersDecideAtOnce_OneWinsOtherGets409()
    {
        using var admin = factory.ClientWithKey();
        using var first = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", "rv-race-first"));
        using var second = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", "rv-race-second"));
        var names = Enumerable.Range(1, 6).Select(i => $"rv-race-{i}").ToList();
        foreach (var name in names)
        {
            await admin.AddServerOkAsync(ServerBodies.Stdio(name));
        }

        var races = names.Select(async name =>
        {
            var responses = await Task.WhenAll(first.ReviewServerAsync(name, "approve"), second.ReviewServerAsync(name, "reject", "no"));
            return (Name: name, Statuses: responses.Select(r => r.StatusCode).ToList());
        });
        var outcomes = await Task.WhenAll(races);

        foreach (var (name, statuses) in outcomes)
        {
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], statuses.Order());
            var stored = await admin.GetServerOkAsync(name);
            var approvedWon = statuses[0] == HttpStatusCode.OK;
            Assert.Equal(approvedWon ? "approved" : "rejected", stored["review_status"]!.GetValue<string>());
            Assert.Equal(approvedWon ? "rv-race-first" : "rv-race-second", stored["reviewed_by"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task ReviewServer_NoteTooLong_Returns400NamingNote()
    {
        using var admin = factory.ClientWithKey();
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", "rv-long-note-reviewer"));
        await admin.AddServerOkAsync(ServerBodies.Stdio("rv-long-note"));

        var response = await reviewer.ReviewServerAsync("rv-long-note", "approve", new string('x', 4001));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["note"], problem.ErrorPaths());
    }

    [Fact]
    public async Task ListServers_ReviewStatusFilter_ReturnsOnlyThatStatus()
    {
        using var admin = factory.ClientWithKey();
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", "rv-list-reviewer"));
        await admin.AddServerOkAsync(ServerBodies.Stdio("rv-list-pending"));
        await admin.AddServerOkAsync(ServerBodies.Stdio("rv-list-approved"));
        await reviewer.ReviewServerOkAsync("rv-list-approved", "approve");

        var response = await admin.GetAsync("/mcp-registry/list-servers?review_status=approved&search=rv-list-&per_page=100", Xunit.TestContext.Current.CancellationToken);

        var body = await response.AssertStatusAsync(HttpStatusCode.OK);
        var names = body["data"]!.AsArray().Select(s => s!["saved_name"]!.GetValue<string>()).ToList();
        Assert.Equal(["rv-list-approved"], names);
    }
}
