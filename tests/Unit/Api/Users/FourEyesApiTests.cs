using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Reviews;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Api.Users;

/// <summary>
/// Finding 5 of issue 8: every principal that wrote part of the pending change since the last approval is an author, and
/// so is whoever minted the approving key. Before the fix only the last writer counted: the first two tests answered 200.
/// </summary>
public sealed class FourEyesApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _bootstrap = factory.ClientWithKey();

    [Fact]
    public async Task Approve_ByFirstAuthorAfterAnotherEditorTouchedTheDescription_Returns403AndStaysPending()
    {
        using var editor = factory.ClientWithKey(await factory.CreateKeyAsync("editor"));
        var name = Infrastructure.RegistryApi.UniqueName("fe-touch");
        await _bootstrap.AddServerOkAsync(ServerBodies.Stdio(name));
        await editor.ModifyServerOkAsync(name, new() { ["description"] = "touched by an editor" });

        using var response = await _bootstrap.ReviewServerAsync(name, "approve");

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("wrote part of this change", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("pending", (await _bootstrap.GetServerOkAsync(name))["review_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Approve_WithASecondAdminKeyMintedByTheAuthor_Returns403NamingTheMinter()
    {
        var name = Infrastructure.RegistryApi.UniqueName("fe-mint");
        await _bootstrap.AddServerOkAsync(ServerBodies.Stdio(name));
        var minted = await _bootstrap.CreateApiKeyOkAsync("admin", name: name + "-second");
        using var second = factory.ClientWithKey(minted["key"]!.GetValue<string>());

        using var response = await second.ReviewServerAsync(name, "approve");

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("created by bootstrap-admin", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("pending", (await _bootstrap.GetServerOkAsync(name))["review_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Approve_WithAKeyMintedTwoHopsFromTheAuthor_Returns403()
    {
        var name = Infrastructure.RegistryApi.UniqueName("fe-hops");
        await _bootstrap.AddServerOkAsync(ServerBodies.Stdio(name));
        var hop = await _bootstrap.CreateApiKeyOkAsync("admin", name: name + "-hop");
        using var hopClient = factory.ClientWithKey(hop["key"]!.GetValue<string>());
        var reviewer = await hopClient.CreateApiKeyOkAsync("reviewer", name: name + "-reviewer");
        using var reviewerClient = factory.ClientWithKey(reviewer["key"]!.GetValue<string>());

        using var response = await reviewerClient.ReviewServerAsync(name, "approve");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Approve_ReviewerKeyMintedByBootstrap_MayApproveAnEditorsChange_AndTheSnapshotRecordsAuthorsAndApprover()
    {
        var editorName = Infrastructure.RegistryApi.UniqueName("fe-editor");
        using var editor = factory.ClientWithKey(await factory.CreateKeyAsync("editor", editorName));
        var name = Infrastructure.RegistryApi.UniqueName("fe-ok");
        await editor.AddServerOkAsync(ServerBodies.Stdio(name));
        var reviewerKey = await _bootstrap.CreateApiKeyOkAsync("reviewer", name: name + "-reviewer");
        using var reviewer = factory.ClientWithKey(reviewerKey["key"]!.GetValue<string>());

        var data = await reviewer.ReviewServerOkAsync(name, "approve");

        Assert.Equal("approved", data["review_status"]!.GetValue<string>());
        await factory.WithDatabaseAsync(async db =>
        {
            var serverId = await db.Servers.Where(s => s.SavedName == name).Select(s => s.Id).SingleAsync(Xunit.TestContext.Current.CancellationToken);
            var snapshot = await db.ServerSnapshots.SingleAsync(s => s.ServerId == serverId, Xunit.TestContext.Current.CancellationToken);
            Assert.Equal(name + "-reviewer", snapshot.ApprovedBy);
            Assert.Equal([editorName], ReviewAuthors.Parse(snapshot.AuthorsJson).Select(a => a.Name));
        });
    }

    [Fact]
    public async Task Approve_AfterRejection_TheRejectedContentsAuthorStillMayNotApprove()
    {
        using var editor = factory.ClientWithKey(await factory.CreateKeyAsync("editor"));
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer"));
        var name = Infrastructure.RegistryApi.UniqueName("fe-reject");
        await _bootstrap.AddServerOkAsync(ServerBodies.Stdio(name));
        await reviewer.ReviewServerOkAsync(name, "reject", "no");
        await editor.ModifyServerOkAsync(name, new() { ["description"] = "cosmetic" });

        using var response = await _bootstrap.ReviewServerAsync(name, "approve");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}
