using System.Net;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Postgres;

/// <summary>
/// Two app instances (as behind a load balancer) on one PostgreSQL database: everything one instance decides, the other
/// honours on its very next call, and writes racing through both end with one winner and nothing half-written.
/// </summary>
public sealed class TwoInstanceTests(TwoInstances instances) : IClassFixture<TwoInstances>
{
    private ApiFactory _a => instances.A;

    private ApiFactory _b => instances.B;

    [Fact]
    public async Task ApiKey_RevokedOnA_IsRefusedOnBAtTheNextCall()
    {
        TestProvider.RequirePostgres();
        using var adminA = _a.ClientWithKey();
        var created = (await (await adminA.CreateApiKeyAsync("two-instance-viewer", "viewer")).AssertStatusAsync(HttpStatusCode.Created))["data"]!;
        using var viewerB = _b.ClientWithKey(created["key"]!.GetValue<string>());
        using (var before = await viewerB.ListServersAsync())
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await (await adminA.RevokeApiKeyAsync(created["id"]!.GetValue<string>())).AssertStatusAsync(HttpStatusCode.OK);

        using var after = await viewerB.ListServersAsync();
        await after.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Approval_OnA_IsServedByBsNextGatewayConfig_WithTheSecretAWrote()
    {
        TestProvider.RequirePostgres();
        using var adminA = _a.ClientWithKey();
        using var reviewerA = _a.ClientWithKey(await _a.CreateKeyAsync("reviewer", "two-instance-reviewer"));
        using var adminB = _b.ClientWithKey();
        using var runtimeB = _b.ClientWithKey(await _b.CreateKeyAsync("runtime", "two-instance-runtime"));
        await adminA.AddServerOkAsync(ServerBodies.Stdio("ti-fs"));
        await (await adminA.AddGatewayAsync(GatewayBodies.Referencing("ti-gw", "ti-fs"))).AssertStatusAsync(HttpStatusCode.Created);
        await reviewerA.ReviewServerOkAsync("ti-fs", "approve");
        Assert.Equal(1, (await runtimeB.GetGatewayConfigOkAsync("ti-gw")).ExpandedServer("ti-fs")["served_revision"]!.GetValue<int>());

        // Changed through B, approved through A: B serves the new revision on its very next call.
        await adminB.ModifyServerOkAsync("ti-fs", RegistryApi.CommandPatch("uvx", "mcp-server-new==1.0.0"));
        await reviewerA.ReviewServerOkAsync("ti-fs", "approve");
        var served = (await runtimeB.GetGatewayConfigOkAsync("ti-gw")).ExpandedServer("ti-fs");

        Assert.Equal(2, served["served_revision"]!.GetValue<int>());
        Assert.Equal("uvx", served["mcp_config"]!["config"]!["command"]!.GetValue<string>());

        // The env secret was encrypted by A (ServerBodies.Stdio); B decrypts it with the key ring both read from the database.
        Assert.Equal("ghp_super_secret_value", served["mcp_config"]!["config"]!["env"]!["GITHUB_TOKEN"]!.GetValue<string>());
    }

    [Fact]
    public async Task ModifyServer_SameRevisionThroughBothInstancesAtOnce_OneWinsTheOtherGets412()
    {
        TestProvider.RequirePostgres();
        using var adminA = _a.ClientWithKey();
        using var adminB = _b.ClientWithKey();
        var names = Enumerable.Range(1, 4).Select(i => $"ti-race-{i}").ToList();
        foreach (var name in names)
        {
            await adminA.AddServerOkAsync(ServerBodies.Stdio(name));
        }

        var outcomes = await Task.WhenAll(names.Select(async name =>
        {
            var responses = await Task.WhenAll(
                adminA.ModifyServerAsync(name, """{"description": "from A"}""", ifMatch: "\"1\""),
                adminB.ModifyServerAsync(name, """{"description": "from B"}""", ifMatch: "\"1\""));
            return (Name: name, Statuses: responses.Select(r => r.StatusCode).ToList());
        }));

        foreach (var (name, statuses) in outcomes)
        {
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], statuses.Order());
            var stored = await adminB.GetServerOkAsync(name);
            Assert.Equal(2, stored["revision"]!.GetValue<int>());
            Assert.Equal(statuses[0] == HttpStatusCode.OK ? "from A" : "from B", stored["description"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task BulkAdd_OverlappingBatchesThroughBothInstances_ExactlyOneIsStoredWhole()
    {
        TestProvider.RequirePostgres();
        using var adminA = _a.ClientWithKey();
        using var adminB = _b.ClientWithKey();

        var responses = await Task.WhenAll(
            adminA.BulkAddServersAsync(ServerBodies.Stdio("ti-bulk-a"), ServerBodies.Stdio("ti-bulk-shared")),
            adminB.BulkAddServersAsync(ServerBodies.Stdio("ti-bulk-shared"), ServerBodies.Stdio("ti-bulk-b")));
        var statuses = responses.Select(r => r.StatusCode).ToList();

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], statuses.Order());
        var aWon = statuses[0] == HttpStatusCode.Created;
        var stored = (await adminB.ListServersOkAsync("?search=ti-bulk")).SavedNames().Order().ToList();
        Assert.Equal(aWon ? ["ti-bulk-a", "ti-bulk-shared"] : ["ti-bulk-b", "ti-bulk-shared"], stored);
    }

    [Fact]
    public async Task ReviewServer_TwoReviewersOnTwoInstancesAtOnce_One200One409()
    {
        TestProvider.RequirePostgres();
        using var adminA = _a.ClientWithKey();
        using var reviewerA = _a.ClientWithKey(await _a.CreateKeyAsync("reviewer", "ti-rv-a"));
        using var reviewerB = _b.ClientWithKey(await _b.CreateKeyAsync("reviewer", "ti-rv-b"));
        var names = Enumerable.Range(1, 4).Select(i => $"ti-rv-{i}").ToList();
        foreach (var name in names)
        {
            await adminA.AddServerOkAsync(ServerBodies.Stdio(name));
        }

        var outcomes = await Task.WhenAll(names.Select(async name =>
        {
            var responses = await Task.WhenAll(reviewerA.ReviewServerAsync(name, "approve"), reviewerB.ReviewServerAsync(name, "approve"));
            return (Name: name, Statuses: responses.Select(r => r.StatusCode).ToList());
        }));

        foreach (var (name, statuses) in outcomes)
        {
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], statuses.Order());
            var stored = await adminA.GetServerOkAsync(name);
            Assert.Equal("approved", stored["review_status"]!.GetValue<string>());
            Assert.Equal(statuses[0] == HttpStatusCode.OK ? "ti-rv-a" : "ti-rv-b", stored["reviewed_by"]!.GetValue<string>());
        }
    }
}

/// <summary>Two app instances on one PostgreSQL database of their own, shared by the tests of a class (names differ).</summary>
public sealed class TwoInstances : IAsyncLifetime
{
    private TempDatabase? _database;
    private ApiFactory? _a;
    private ApiFactory? _b;

    public ApiFactory A => _a ?? throw new InvalidOperationException("No PostgreSQL server");

    public ApiFactory B => _b ?? throw new InvalidOperationException("No PostgreSQL server");

    public async ValueTask InitializeAsync()
    {
        // Without a server the tests themselves fail (CI) or skip (elsewhere): see TestProvider.RequirePostgres.
        if (TestProvider.PostgresServer is null)
        {
            return;
        }

        // An empty database and both instances starting at the same moment, as a first deployment of several replicas
        // does: one migrates and bootstraps, the other waits for it and finds everything in place.
        _database = new TempDatabase(DatabaseProvider.Postgres, empty: true);
        _a = new ApiFactory(_database);
        _b = new ApiFactory(_database);
        await Task.WhenAll(Task.Run(() => _a.CreateClient().Dispose()), Task.Run(() => _b.CreateClient().Dispose()));
    }

    public async ValueTask DisposeAsync()
    {
        if (_a is not null)
        {
            await _a.DisposeAsync();
        }

        if (_b is not null)
        {
            await _b.DisposeAsync();
        }

        _database?.Dispose();
    }
}
