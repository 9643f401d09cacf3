using System.Net;
using System.Text.Json.Nodes;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Api;

/// <summary>
/// The audit log as written by each API mutation, read back straight from <c>audit_events</c>, and server-history.
/// Tests in this class run one after another on a shared app, so "new rows since the probe" are the test's own.
/// </summary>
public sealed class AuditApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Admin = "bootstrap-admin";

    private static readonly string[] PlainSecrets = ["ghp_super_secret_value", "remote-secret-token", "oauth-client-secret-value"];

    [Fact]
    public async Task AddServer_RecordsOneServerAddEvent()
    {
        using var admin = factory.ClientWithKey();
        var probe = await AuditProbe.StartAsync(factory.ConnectionString);

        await admin.AddServerOkAsync(ServerBodies.Stdio("au-add"));

        var row = await probe.SingleNewRowAsync();
        AssertEvent(row, "server.add", Admin, "server", "au-add@v1", revision: 1);
        var change = Assert.Single(row.Changes)!;
        Assert.Equal(string.Empty, change["path"]!.GetValue<string>());
        Assert.Null(change["before"]);
        Assert.Equal("au-add", change["after"]!["saved_name"]!.GetValue<string>());
        Assert.Equal("npx", change["after"]!["mcp_config"]!["config"]!["command"]!.GetValue<string>());
        Assert.Equal("********", change["after"]!["mcp_config"]!["config"]!["env"]!["GITHUB_TOKEN"]!.GetValue<string>());
        Assert.Equal("pending", change["after"]!["review_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task BulkAddServers_ThreeServers_RecordsThreeAddEvents()
    {
        using var admin = factory.ClientWithKey();
        var probe = await AuditProbe.StartAsync(factory.ConnectionString);

        var response = await admin.BulkAddServersAsync(ServerBodies.Stdio("au-bulk-1"), ServerBodies.Stdio("au-bulk-2"), ServerBodies.Remote("au-bulk-3"));
        await response.AssertStatusAsync(HttpStatusCode.Created);

        var rows = await probe.NewRowsAsync();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => AssertEvent(r, "server.add", Admin, "server", r.EntityName, revision: 1));
        Assert.Equal(["au-bulk-1@v1", "au-bulk-2@v1", "au-bulk-3@v1"], rows.Select(r => r.EntityName).Order());
        Assert.Equal(3, rows.Select(r => r.EntityId).Distinct().Count());
    }

    [Fact]
    public async Task BulkAddServers_DryRun_RecordsNothing()
    {
        using var admin = factory.ClientWithKey();
        var probe = await AuditProbe.StartAsync(factory.ConnectionString);

        var response = await admin.PostAsync("/mcp-registry/bulk-add-servers?dry_run=true",
            HttpTestExtensions.Json(new JsonObject { ["servers"] = new JsonArray(ServerBodies.Stdio("au-dry-1"), ServerBodies.Stdio("au-dry-2")) }),
            Xunit.TestContext.Current.CancellationToken);
        await response.AssertStatusAsync(HttpStatusCode.OK);

        Assert.Empty(await probe.NewRowsAsync());
    }

    [Fact]
    public async Task ModifyServer_CommandChanged_RecordsModifyEventWithCommandPath()
    {
        using var admin = factory.ClientWithKey();
        await admin.AddServerOkAsync(ServerBodies.Stdio("au-modify"));
        var probe = await AuditProbe.StartAsync(factory.ConnectionString);

        await admin.ModifyServerOkAsync("au-modify", new JsonObject
        {
            ["mcp_config"] = new JsonObject
            {
                ["config"] = new JsonObject
                {
                    ["command"] = "uvx",
                    ["args"] = new JsonArray("-y", "@modelcontextprotocol/server-filesystem@1.2.0", "/data"),
                    ["env"] = new JsonObject { ["LOG_LEVEL"] = "info", ["GITHUB_TOKEN"] = "ghp_super_secret_value" },
                },
            },
        });

        var row = await probe.SingleNewRowAsync();
        AssertEvent(row, "server.modify", Admin, "server", "au-modify@v1", revision: 2);
        Assert.Equal(["mcp_config.config.command"], row.Paths);
        var change = row.Change("mcp_config.config.command");
        Assert.Equal("npx", change["before"]!.GetValue<string>());
        Assert.Equal("uvx", change["after"]!.GetValue<string>());
    }

    [Fact]
    public async Task ModifyServer_ApprovedServerChanged_RecordsReviewStatusChangeInSameEvent()
    {
        using var admin = factory.ClientWithKey();
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", "au-repending-reviewer"));
        await admin.AddServerOkAsync(ServerBodies.Stdio("au-repending"));
        await reviewer.ReviewServerOkAsync("au-repending", "approve");
        var probe = await AuditProbe.StartAsync(factory.ConnectionString);

        await admin.ModifyServerOkAsync("au-repending", new JsonObject { ["description"] = "new words", ["server_name"] = "renamed" });

        var row = await probe.SingleNewRowAsync();
        AssertEvent(row, "server.modify", Admin, "server", "au-repending@v1", revision: 2);
        Assert.Equal(["description", "review_status", "server_name"], row.Paths.Order());
        Assert.Equal("Reads and writes files", row.Change("description")["before"]!.GetValue<string>());
        Assert.Equal("new words", row.Change("description")["after"]!.GetValue<string>());
        Assert.Equal("approved", row.Change("review_status")["before"]!.GetValue<string>());
        Assert.Equal("pending", row.Change("review_status")["after"]!.GetValue<string>());
    }

    [Fact]
    public async Task ModifyServer_NothingChanged_RecordsNothing()
    {
        using var admin = factory.ClientWithKey();
        await admin.AddServerOkAsync(ServerBodies.Stdio("au-noop"));
        var probe = await AuditProbe.StartAsync(factory.ConnectionString);

        var data = await admin.ModifyServerOkAsync("au-noop", new JsonObject { ["description"] = "Reads and writes files" });

        Assert.Equal(1, data["revision"]!.GetValue<int>());
        Assert.Empty(await probe.NewRowsAsync());
    }

    [Fact]
    public async Task ModifyServer_IsActiveTrueOnActiveServer_ChangesAndRecordsNothing()
    {
        using var admin = factory.ClientWithKey();
        await admin.AddServerOkAsync(ServerBodies.Stdio("au-active-noop"));
        var probe = await AuditProbe.StartAsync(factory.ConnectionString);

        var response = await admin.ModifyServerAsync("au-active-noop", new JsonObject { ["is_active"] = true });

        var data = (await response.AssertStatusAsync(HttpStatusCode.OK))["data"]!;
        Assert.Equal(1, data["revision"]!.GetValue<int>());
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Empty(await probe.NewRowsAsync());
    }

    [Fact]
    public async Task ModifyGateway_NothingChanged_RecordsNothing()
    {
        using var admin = factory.ClientWithKey();
        await (await admin.AddGatewayAsync(GatewayBodies.Referencing("au-gw-noop"))).AssertStatusAsync(HttpStatusCode.Created);
        var probe = await AuditProbe.StartAsync(factory.ConnectionString);

        var response = await admin.ModifyGatewayAsync("au-gw-noop", new JsonObject { ["description"] = "Gateway for tests", ["is_active"] = true });

        Assert.Equal(1, (await response.AssertStatusAsync(HttpStatusCode.OK))["data"]!["revision"]!.GetValue<int>());
        Assert.Empty(await probe.NewRowsAsync());
    }

    [Fact]
    public async Task DeleteServer_RecordsDeleteEvent()
    {
        using var admin = factory.ClientWithKey();
        await admin.AddServerOkAsync(ServerBodies.Stdio("au-delete"));
        var probe = await AuditProbe.StartAsync(factory.ConnectionString);

        await (await admin.DeleteServerAsync("au-delete")).AssertStatusAsync(HttpStatusCode.OK);

        var row = await probe.SingleNewRowAsync();
        AssertEvent(row, "server.delete", Admin, "server", "au-delete@v1", revision: 2);
        Assert.Equal(["is_active"], row.Paths);
        Assert.True(row.Change("is_active")["before"]!.GetValue<bool>());
        Assert.False(row.Change("is_active")["after"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ModifyServer_RestoreDeleted_RecordsRestoreEvent()
    {
        using var admin = factory.ClientWithKey();
        await admin.AddServerOkAsync(ServerBodies.Stdio("au-restore"));
        await (await admin.DeleteServerAsync("au-restore")).AssertStatusAsync(HttpStatusCode.OK);
        var probe = await AuditProbe.StartAsync(factory.ConnectionString);

        await admin.ModifyServerOkAsync("au-restore", new JsonObject { ["is_active"] = true });

        var row = await probe.SingleNewRowAsync();
        AssertEvent(row, "server.restore", Admin, "server", "au-restore@v1", revision: 3);
        Assert.Equal(["is_active"], row.Paths);
        Assert.False(row.Change("is_active")["before"]!.GetValue<bool>());
        Assert.True(row.Change("is_active")["after"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ReviewServer_Approve_RecordsApproveEventByReviewer()
    {
        using var admin = factory.ClientWithKey();
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", "au-approve-reviewer"));
        await admin.AddServerOkAsync(ServerBodies.Stdio("au-approve"));
        var probe = await AuditProbe.StartAsync(factory.ConnectionString);

        await reviewer.ReviewServerOkAsync("au-approve", "approve", "checked the package");

        var row = await probe.SingleNewRowAsync();
        AssertEvent(row, "server.approve", "au-approve-reviewer", "server", "au-approve@v1", revision: 1);
        Assert.Equal("checked the package", row.Note);
        Assert.Equal(["approved_revision", "review_status"], row.Paths.Order());
        Assert.Null(row.Change("approved_revision")["before"]);
        Assert.Equal(1, row.Change("approved_revision")["after"]!.GetValue<int>());
        Assert.Equal("pending", row.Change("review_status")["before"]!.GetValue<string>());
        Assert.Equal("approved", row.Change("review_status")["after"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReviewServer_Reject_RecordsRejectEventWithNote()
    {
        using var admin = factory.ClientWithKey();
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", "au-reject-reviewer"));
        await admin.AddServerOkAsync(ServerBodies.Stdio("au-reject"));
        var probe = await AuditProbe.StartAsync(factory.ConnectionString);

        await reviewer.ReviewServerOkAsync("au-reject", "reject", "pin the version");

        var row = await probe.SingleNewRowAsync();
        AssertEvent(row, "server.reject", "au-reject-reviewer", "server", "au-reject@v1", revision: 1);
        Assert.Equal("pin the version", row.Note);
        Assert.Equal(["review_status"], row.Paths);
        Assert.Equal("rejected", row.Change("review_status")["after"]!.GetValue<string>());
    }

    [Fact]
    public async Task AddGateway_RecordsGatewayAddEvent()
    {
        using var admin = factory.ClientWithKey();
        await admin.AddServerOkAsync(ServerBodies.Stdio("au-gw-add-server"));
        var probe = await AuditProbe.StartAsync(factory.ConnectionString);

        await (await admin.AddGatewayAsync(GatewayBodies.Referencing("au-gw-add", "au-gw-add-server"))).AssertStatusAsync(HttpStatusCode.Created);

        var row = await probe.SingleNewRowAsync();
        AssertEvent(row, "gateway.add", Admin, "gateway", "au-gw-add@v1", revision: 1);
        var change = Assert.Single(row.Changes)!;
        Assert.Null(change["before"]);
        Assert.Equal("Gateway for tests", change["after"]!["description"]!.GetValue<string>());
        Assert.NotNull(change["after"]!["servers"]!["au-gw-add-server@v1"]);
    }

    [Fact]
    public async Task ModifyGateway_RecordsGatewayModifyEvent()
    {
        using var admin = factory.ClientWithKey();
        await admin.AddServerOkAsync(ServerBodies.Stdio("au-gw-mod-server"));
        await (await admin.AddGatewayAsync(GatewayBodies.Referencing("au-gw-mod", "au-gw-mod-server"))).AssertStatusAsync(HttpStatusCode.Created);
        var probe = await AuditProbe.StartAsync(factory.ConnectionString);

        var response = await admin.ModifyGatewayAsync("au-gw-mod", new JsonObject
        {
            ["description"] = "changed",
            ["servers_config"] = new JsonObject
            {
                ["servers"] = new JsonArray(new JsonObject { ["saved_name"] = "au-gw-mod-server", ["enable_server_info_validation"] = false }),
            },
        });
        await response.AssertStatusAsync(HttpStatusCode.OK);

        var row = await probe.SingleNewRowAsync();
        AssertEvent(row, "gateway.modify", Admin, "gateway", "au-gw-mod@v1", revision: 2);
        Assert.Equal(["description", "servers.au-gw-mod-server@v1.enable_server_info_validation"], row.Paths.Order());
        Assert.Equal("Gateway for tests", row.Change("description")["before"]!.GetValue<string>());
        Assert.Equal("changed", row.Change("description")["after"]!.GetValue<string>());
        Assert.False(row.Change("servers.au-gw-mod-server@v1.enable_server_info_validation")["after"]!.GetValue<bool>());
    }

    [Fact]
    public async Task DeleteGateway_RecordsGatewayDeleteEvent()
    {
        using var admin = factory.ClientWithKey();
        await (await admin.AddGatewayAsync(GatewayBodies.Referencing("au-gw-del"))).AssertStatusAsync(HttpStatusCode.Created);
        var probe = await AuditProbe.StartAsync(factory.ConnectionString);

        await (await admin.DeleteGatewayAsync("au-gw-del")).AssertStatusAsync(HttpStatusCode.OK);

        var row = await probe.SingleNewRowAsync();
        AssertEvent(row, "gateway.delete", Admin, "gateway", "au-gw-del@v1", revision: 2);
        Assert.Equal(["is_active"], row.Paths);
        Assert.False(row.Change("is_active")["after"]!.GetValue<bool>());
    }

    [Fact]
    public async Task CreateAndRevokeApiKey_RecordOneEventEach()
    {
        using var admin = factory.ClientWithKey();
        var probe = await AuditProbe.StartAsync(factory.ConnectionString);

        var created = (await (await admin.CreateApiKeyAsync("au-key", "viewer")).AssertStatusAsync(HttpStatusCode.Created))["data"]!;
        var createRow = await probe.SingleNewRowAsync();
        await (await admin.RevokeApiKeyAsync(created["id"]!.GetValue<string>())).AssertStatusAsync(HttpStatusCode.OK);
        var revokeRow = await probe.SingleNewRowAsync();

        AssertEvent(createRow, "api_key.create", Admin, "api_key", "au-key", revision: null);
        Assert.Equal(created["id"]!.GetValue<string>(), createRow.EntityId);
        var after = Assert.Single(createRow.Changes)!["after"]!;
        Assert.Equal("viewer", after["role"]!.GetValue<string>());
        Assert.Equal(created["prefix"]!.GetValue<string>(), after["prefix"]!.GetValue<string>());
        Assert.DoesNotContain(created["key"]!.GetValue<string>(), createRow.ChangesJson, StringComparison.Ordinal);
        AssertEvent(revokeRow, "api_key.revoke", Admin, "api_key", "au-key", revision: null);
        Assert.Equal(["is_active"], revokeRow.Paths);
    }

    [Fact]
    public async Task ModifyProjectSettings_RecordsSettingsEvent()
    {
        using var admin = factory.ClientWithKey();
        var probe = await AuditProbe.StartAsync(factory.ConnectionString);
        try
        {
            await admin.PatchSettingsOkAsync("""{"require_distinct_reviewer": false}""");

            var row = await probe.SingleNewRowAsync();
            AssertEvent(row, "settings.modify", Admin, "settings", "default", revision: null);
            Assert.Equal(["require_distinct_reviewer"], row.Paths);
            Assert.True(row.Change("require_distinct_reviewer")["before"]!.GetValue<bool>());
            Assert.False(row.Change("require_distinct_reviewer")["after"]!.GetValue<bool>());
        }
        finally
        {
            await admin.PatchSettingsOkAsync("""{"require_distinct_reviewer": true}""");
        }
    }

    [Fact]
    public async Task ModifyProjectSettings_SameValues_RecordsNothing()
    {
        using var admin = factory.ClientWithKey();
        var probe = await AuditProbe.StartAsync(factory.ConnectionString);

        await admin.PatchSettingsOkAsync("""{"require_approval": true, "require_distinct_reviewer": true}""");

        Assert.Empty(await probe.NewRowsAsync());
    }

    [Fact]
    public async Task Mutations_FailWithValidationConflictPreconditionOrForbidden_LeaveNoAuditEvent()
    {
        using var admin = factory.ClientWithKey();
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", "au-fail-reviewer"));
        using var viewer = factory.ClientWithKey(await factory.CreateKeyAsync("viewer", "au-fail-viewer"));
        await admin.AddServerOkAsync(ServerBodies.Stdio("au-fail"));
        await (await admin.AddGatewayAsync(GatewayBodies.Referencing("au-fail-gw", "au-fail"))).AssertStatusAsync(HttpStatusCode.Created);
        var invalid = ServerBodies.Stdio("au-fail-invalid");
        invalid["mcp_config"]!["config"]!["command"] = string.Empty;
        var probe = await AuditProbe.StartAsync(factory.ConnectionString);

        await (await admin.AddServerAsync(invalid)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.AddServerAsync(ServerBodies.Stdio("au-fail"))).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await admin.BulkAddServersAsync(ServerBodies.Stdio("au-fail-bulk"), ServerBodies.Stdio("au-fail"))).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await admin.BulkAddServersAsync(ServerBodies.Stdio("au-fail-bulk"), invalid)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.ModifyServerAsync("au-fail", new JsonObject { ["description"] = "x" }, ifMatch: "\"7\"")).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await admin.ModifyServerAsync("au-fail", new JsonObject { ["denied_tool"] = "x" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.DeleteServerAsync("au-fail", ifMatch: "\"7\"")).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await viewer.ModifyServerAsync("au-fail", new JsonObject { ["description"] = "x" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await reviewer.ReviewServerAsync("au-fail", "approve", ifMatch: "\"7\"")).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await reviewer.ReviewServerAsync("au-fail", "reject")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.ReviewServerAsync("au-fail", "approve")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.AddGatewayAsync(GatewayBodies.Referencing("au-fail-gw", "au-fail"))).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await admin.AddGatewayAsync(GatewayBodies.Referencing("au-fail-gw2", "au-missing-server"))).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PatchSettingsAsync("""{"require_approvals": false}""")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.CreateApiKeyAsync("au-fail-reviewer", "reviewer")).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await admin.CreateApiKeyAsync("au-fail-badrole", "superuser")).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Empty(await probe.NewRowsAsync());
        Assert.Equal(1, (await admin.GetServerOkAsync("au-fail"))["revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task ReviewServer_ApprovedServerReviewedAgain_LeavesNoAuditEvent()
    {
        using var admin = factory.ClientWithKey();
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", "au-409-reviewer"));
        await admin.AddServerOkAsync(ServerBodies.Stdio("au-409"));
        await reviewer.ReviewServerOkAsync("au-409", "approve");
        var probe = await AuditProbe.StartAsync(factory.ConnectionString);

        await (await reviewer.ReviewServerAsync("au-409", "approve")).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await admin.DeleteServerAsync("au-409")).AssertStatusAsync(HttpStatusCode.OK);
        await probe.SingleNewRowAsync();
        await (await admin.DeleteServerAsync("au-409")).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Empty(await probe.NewRowsAsync());
    }

    [Fact]
    public async Task AuditEvents_SecretsAddedAndChanged_AreNeverStoredInPlainText()
    {
        using var admin = factory.ClientWithKey();
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", "au-secret-reviewer"));
        await admin.AddServerOkAsync(ServerBodies.Stdio("au-secret-stdio"));
        await admin.AddServerOkAsync(ServerBodies.Remote("au-secret-remote"));
        await (await admin.BulkAddServersAsync(ServerBodies.Stdio("au-secret-bulk"))).AssertStatusAsync(HttpStatusCode.Created);
        await reviewer.ReviewServerOkAsync("au-secret-stdio", "approve");
        var probe = await AuditProbe.StartAsync(factory.ConnectionString);

        await admin.ModifyServerOkAsync("au-secret-stdio", new JsonObject
        {
            ["mcp_config"] = new JsonObject
            {
                ["config"] = new JsonObject
                {
                    ["command"] = "npx",
                    ["args"] = new JsonArray("-y", "@modelcontextprotocol/server-filesystem@1.2.0", "/data"),
                    ["env"] = new JsonObject { ["LOG_LEVEL"] = "info", ["GITHUB_TOKEN"] = "ghp_rotated_secret_value" },
                },
            },
        });
        var secretChange = await probe.SingleNewRowAsync();
        await admin.ModifyServerOkAsync("au-secret-remote", new JsonObject
        {
            ["mcp_config"] = new JsonObject
            {
                ["config"] = new JsonObject
                {
                    ["url"] = "https://mcp.example.com/mcp",
                    ["type"] = "streamable_http",
                    ["headers"] = new JsonObject { ["Authorization"] = "Bearer rotated-remote-token", ["X-Api-Key"] = "added-header-secret" },
                },
                ["oauth_config"] = new JsonObject
                {
                    ["enabled"] = true,
                    ["OAUTH_GRANT_TYPE"] = "client_credentials",
                    ["OAUTH_CLIENT_ID"] = "client-1",
                    ["OAUTH_CLIENT_SECRET"] = "rotated-oauth-secret",
                    ["OAUTH_TOKEN_URL"] = "https://auth.example.com/token",
                },
            },
        });
        var remoteChange = await probe.SingleNewRowAsync();
        await reviewer.ReviewServerOkAsync("au-secret-stdio", "approve");
        await reviewer.ReviewServerOkAsync("au-secret-remote", "reject", "rotate again");
        await (await admin.DeleteServerAsync("au-secret-remote")).AssertStatusAsync(HttpStatusCode.OK);

        Assert.Equal(["mcp_config.config.env.GITHUB_TOKEN", "review_status"], secretChange.Paths.Order());
        Assert.Equal("********", secretChange.Change("mcp_config.config.env.GITHUB_TOKEN")["before"]!.GetValue<string>());
        Assert.Equal("********", secretChange.Change("mcp_config.config.env.GITHUB_TOKEN")["after"]!.GetValue<string>());
        Assert.Contains("mcp_config.config.headers.Authorization", remoteChange.Paths);
        Assert.Contains("mcp_config.config.headers.X-Api-Key", remoteChange.Paths);
        Assert.Contains("mcp_config.oauth_config.OAUTH_CLIENT_SECRET", remoteChange.Paths);
        Assert.Null(remoteChange.Change("mcp_config.config.headers.X-Api-Key")["before"]);
        Assert.Equal("********", remoteChange.Change("mcp_config.config.headers.X-Api-Key")["after"]!.GetValue<string>());
        var stored = await AuditTable.ReadAllTextAsync(factory.ConnectionString);
        string[] secrets = [.. PlainSecrets, "ghp_rotated_secret_value", "rotated-remote-token", "added-header-secret", "rotated-oauth-secret"];
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(stored, value => value.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task ServerHistory_ReturnsEventsOfThatServerNewestFirst()
    {
        using var admin = factory.ClientWithKey();
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer", "au-history-reviewer"));
        using var viewer = factory.ClientWithKey(await factory.CreateKeyAsync("viewer", "au-history-viewer"));
        await admin.AddServerOkAsync(ServerBodies.Stdio("au-history"));
        await admin.AddServerOkAsync(ServerBodies.Stdio("au-history-other"));
        await reviewer.ReviewServerOkAsync("au-history", "approve", "first look");
        await admin.ModifyServerOkAsync("au-history", new JsonObject
        {
            ["mcp_config"] = new JsonObject
            {
                ["config"] = new JsonObject
                {
                    ["command"] = "uvx",
                    ["args"] = new JsonArray("mcp-server-filesystem==1.2.0"),
                    ["env"] = new JsonObject { ["LOG_LEVEL"] = "info", ["GITHUB_TOKEN"] = "ghp_history_rotated_value" },
                },
            },
        });
        await reviewer.ReviewServerOkAsync("au-history", "reject", "keep npx");
        await (await admin.DeleteServerAsync("au-history")).AssertStatusAsync(HttpStatusCode.OK);

        var response = await viewer.ServerHistoryAsync("au-history");

        var body = await response.AssertStatusAsync(HttpStatusCode.OK);
        var items = body["data"]!.AsArray();
        Assert.Equal(["server.delete", "server.reject", "server.modify", "server.approve", "server.add"], items.Select(i => i!["action"]!.GetValue<string>()));
        Assert.Equal([3, 2, 2, 1, 1], items.Select(i => i!["revision"]!.GetValue<int>()));
        Assert.Equal([Admin, "au-history-reviewer", Admin, "au-history-reviewer", Admin], items.Select(i => i!["actor"]!.GetValue<string>()));
        var times = items.Select(i => DateTime.Parse(i!["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind)).ToList();
        Assert.All(items, i => Assert.EndsWith("Z", i!["at"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Equal(times.OrderDescending(), times);
        Assert.Equal("keep npx", items[1]!["note"]!.GetValue<string>());
        var modify = items[2]!["changes"]!.AsArray();
        var command = Assert.Single(modify, c => c!["path"]!.GetValue<string>() == "mcp_config.config.command")!;
        Assert.Equal("npx", command["before"]!.GetValue<string>());
        Assert.Equal("uvx", command["after"]!.GetValue<string>());
        var token = Assert.Single(modify, c => c!["path"]!.GetValue<string>() == "mcp_config.config.env.GITHUB_TOKEN")!;
        Assert.Equal("********", token["after"]!.GetValue<string>());
        Assert.DoesNotContain("ghp_", body.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(5, body["pagination"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task ServerHistory_PerPage_PagesNewestFirst()
    {
        using var admin = factory.ClientWithKey();
        await admin.AddServerOkAsync(ServerBodies.Stdio("au-paging"));
        for (var i = 1; i <= 4; i++)
        {
            await admin.ModifyServerOkAsync("au-paging", new JsonObject { ["source_version"] = $"1.0.{i}" });
        }

        var first = await (await admin.ServerHistoryAsync("au-paging", page: 1, perPage: 2)).AssertStatusAsync(HttpStatusCode.OK);
        var third = await (await admin.ServerHistoryAsync("au-paging", page: 3, perPage: 2)).AssertStatusAsync(HttpStatusCode.OK);
        var beyond = await (await admin.ServerHistoryAsync("au-paging", page: 4, perPage: 2)).AssertStatusAsync(HttpStatusCode.OK);

        Assert.Equal([5, 4], first["data"]!.AsArray().Select(i => i!["revision"]!.GetValue<int>()));
        Assert.Equal([1], third["data"]!.AsArray().Select(i => i!["revision"]!.GetValue<int>()));
        Assert.Equal("server.add", third["data"]![0]!["action"]!.GetValue<string>());
        Assert.Empty(beyond["data"]!.AsArray());
        var pagination = first["pagination"]!;
        Assert.Equal(1, pagination["page"]!.GetValue<int>());
        Assert.Equal(2, pagination["per_page"]!.GetValue<int>());
        Assert.Equal(5, pagination["total"]!.GetValue<int>());
        Assert.Equal(3, pagination["total_pages"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(0, 20, "page")]
    [InlineData(1, 0, "per_page")]
    [InlineData(1, 101, "per_page")]
    public async Task ServerHistory_BadPaging_Returns400NamingParameter(int page, int perPage, string parameter)
    {
        using var admin = factory.ClientWithKey();
        await admin.AddServerOkAsync(ServerBodies.Stdio($"au-badpage-{page}-{perPage}"));

        var response = await admin.ServerHistoryAsync($"au-badpage-{page}-{perPage}", page, perPage);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([parameter], problem.ErrorPaths());
    }

    [Fact]
    public async Task ServerHistory_MissingServerHeader_Returns400()
    {
        using var admin = factory.ClientWithKey();

        var problem = await (await admin.ServerHistoryAsync(null)).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal([RegistryApi.ServerHeader], problem.ErrorPaths());
    }

    [Fact]
    public async Task ServerHistory_UnknownServer_Returns404()
    {
        using var admin = factory.ClientWithKey();

        await (await admin.ServerHistoryAsync("au-no-such-server")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ServerHistory_RuntimeKey_Returns403()
    {
        using var admin = factory.ClientWithKey();
        using var runtime = factory.ClientWithKey(await factory.CreateKeyAsync("runtime", "au-history-runtime"));
        await admin.AddServerOkAsync(ServerBodies.Stdio("au-history-runtime"));

        await (await runtime.ServerHistoryAsync("au-history-runtime")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    private static void AssertEvent(AuditRow row, string action, string actor, string entityType, string entityName, int? revision)
    {
        Assert.Equal(action, row.Action);
        Assert.Equal(actor, row.Actor);
        Assert.Equal("api", row.Channel);
        Assert.Equal(entityType, row.EntityType);
        Assert.Equal(entityName, row.EntityName);
        Assert.Equal(revision, row.Revision);
        Assert.False(string.IsNullOrEmpty(row.ActorId));
    }
}
