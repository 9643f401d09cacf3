using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Secrets;
using RegistryConsole.Core.Servers;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Core;

/// <summary>
/// <see cref="ServerService"/> on a real, migrated SQLite file. Every test works in a project of its own, so
/// counts and lists see only what the test wrote. Secrets go through a reversing protector, so the stored
/// form is easy to recognise.
/// </summary>
public sealed class ServerServiceTests(CoreDatabase database) : IClassFixture<CoreDatabase>
{
    private readonly ManualClock _clock = new();
    private readonly ReversingSecretProtector _protector = new();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private ServerService Service => new(database.DbFactory, _protector, _clock);

    private static ServerKey Key(string name, string version = "v1") => new(name, version);

    private async Task<int> CountAsync(Actor actor)
    {
        await using var db = await database.DbFactory.CreateDbContextAsync(Ct);
        return await db.Servers.CountAsync(s => db.Registries.Any(r => r.Id == s.RegistryId && r.ProjectId == actor.ProjectId), Ct);
    }

    private async Task<RegistryServer> RowAsync(Actor actor, string name, string version = "v1")
    {
        await using var db = await database.DbFactory.CreateDbContextAsync(Ct);
        return await db.Servers.AsNoTracking()
            .SingleAsync(s => s.SavedName == name && s.ServerVersion == version && db.Registries.Any(r => r.Id == s.RegistryId && r.ProjectId == actor.ProjectId), Ct);
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static void AssertValidation<T>(Result<T> result, params string[] paths)
    {
        Assert.False(result.IsSuccess, "expected a validation error");
        Assert.Equal(ErrorKind.Validation, result.Error.Kind);
        Assert.NotNull(result.Error.FieldErrors);
        foreach (var path in paths)
        {
            Assert.True(result.Error.FieldErrors.ContainsKey(path), $"no error at '{path}'; errors at: {string.Join(", ", result.Error.FieldErrors.Keys)}");
        }
    }

    private static void AssertKind<T>(Result<T> result, ErrorKind kind)
    {
        Assert.False(result.IsSuccess, $"expected {kind}, got success");
        Assert.Equal(kind, result.Error.Kind);
    }

    [Fact]
    public async Task AddAsync_ValidBody_StoresRowWithSecretsProtectedAndReturnsMaskedDto()
    {
        var actor = await database.NewProjectActorAsync();

        var result = await Service.AddAsync(ServerBodies.Stdio("fs"), actor, Ct);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(SecretRules.Mask, result.Value.McpConfig["config"]!["env"]!["GITHUB_TOKEN"]!.GetValue<string>());
        Assert.Equal(actor.ProjectName, result.Value.ProjectName);
        Assert.Equal(_clock.GetUtcNow().UtcDateTime, result.Value.CreatedAt);
        var row = await RowAsync(actor, "fs");
        var stored = row.McpConfig;
        Assert.Equal(_protector.Protect("ghp_super_secret_value"), stored["config"]!["env"]!["GITHUB_TOKEN"]!.GetValue<string>());
        Assert.Equal("info", stored["config"]!["env"]!["LOG_LEVEL"]!.GetValue<string>());
        Assert.Equal(Transports.Stdio, row.Transport);
        Assert.Equal(ReviewStatuses.Pending, row.ReviewStatus);
        Assert.Equal(1, row.Revision);
        Assert.Equal(actor.Name, row.CreatedBy);
    }

    [Fact]
    public async Task AddAsync_RemoteBody_StoresRemoteTransport()
    {
        var actor = await database.NewProjectActorAsync();

        var result = await Service.AddAsync(ServerBodies.Remote("remote"), actor, Ct);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(Transports.Remote, (await RowAsync(actor, "remote")).Transport);
    }

    [Fact]
    public async Task AddAsync_SameNameInAnotherProject_IsIndependent()
    {
        var first = await database.NewProjectActorAsync();
        var second = await database.NewProjectActorAsync();
        await Service.AddAsync(ServerBodies.Stdio("shared"), first, Ct);

        var added = await Service.AddAsync(ServerBodies.Stdio("shared"), second, Ct);

        Assert.True(added.IsSuccess, added.Error?.Message);
        Assert.NotEqual((await Service.GetAsync(Key("shared"), first, Ct)).Value!.RegistryId, added.Value.RegistryId);
        Assert.Equal(1, await CountAsync(first));
        Assert.Equal(1, await CountAsync(second));
    }

    [Fact]
    public async Task GetAsync_ServerOfAnotherProject_IsNotFound()
    {
        var owner = await database.NewProjectActorAsync();
        var stranger = await database.NewProjectActorAsync(Role.Admin);
        await Service.AddAsync(ServerBodies.Stdio("private"), owner, Ct);
        await Service.AddAsync(ServerBodies.Stdio("something-else"), stranger, Ct);

        var result = await Service.GetAsync(Key("private"), stranger, Ct);

        AssertKind(result, ErrorKind.NotFound);
    }

    [Fact]
    public async Task AddAsync_Duplicate_IsConflict()
    {
        var actor = await database.NewProjectActorAsync();
        await Service.AddAsync(ServerBodies.Stdio("dup"), actor, Ct);

        var result = await Service.AddAsync(ServerBodies.Stdio("dup", "v1"), actor, Ct);

        AssertKind(result, ErrorKind.Conflict);
        Assert.Equal(1, await CountAsync(actor));
    }

    [Theory]
    [InlineData("""{"saved_name": "a b", "mcp_config": {"config": {"command": "npx"}}}""", "saved_name")]
    [InlineData("""{"saved_name": "ok"}""", "mcp_config")]
    [InlineData("""{"saved_name": "ok", "mcp_config": {"config": {"command": "npx", "url": "https://x.example"}}}""", "mcp_config.config")]
    [InlineData("""{"saved_name": "ok", "mcp_config": {"config": {"url": "ftp://x.example"}}}""", "mcp_config.config.url")]
    [InlineData("""{"saved_name": "ok", "mcp_config": {"config": {"command": "npx", "env": {"1BAD": "x"}}}}""", "mcp_config.config.env.1BAD")]
    [InlineData("""{"saved_name": "ok", "mcp_config": {"config": {"command": "npx"}, "denied_tool": []}}""", "mcp_config.denied_tool")]
    [InlineData("""{"saved_name": "ok", "mcp_config": {"config": {"command": "npx"}, "denied_tools": [""]}}""", "mcp_config.denied_tools[0]")]
    [InlineData("""{"saved_name": "ok", "mcp_config": {"config": {"command": "npx"}, "denied_tools": [{"name": ""}]}}""", "mcp_config.denied_tools[0].name")]
    [InlineData("""{"saved_name": "ok", "mcp_config": {"config": {"command": "npx"}, "oauth_config": {"enabled": true, "OAUTH_GRANT_TYPE": "client_credentials"}}}""", "mcp_config.oauth_config.OAUTH_TOKEN_URL")]
    [InlineData("""{"saved_name": "ok", "mcp_config": {"config": {"command": "npx"}, "oauth_config": {"oauth_foo": "x"}}}""", "mcp_config.oauth_config.oauth_foo")]
    [InlineData("""{"saved_name": "ok", "mcp_config": {"config": {"command": "npx"}, "tool_guardrails_config": {"enabled": true}}}""", "mcp_config.tool_guardrails_config.guardrail_name")]
    [InlineData("""{"saved_name": "ok", "mcp_config": {"config": {"command": "npx"}, "input_guardrails_config": {"block": ["pii", "nope"]}}}""", "mcp_config.input_guardrails_config.block[1]")]
    [InlineData("""{"saved_name": "ok", "mcp_config": {"config": {"command": "npx", "env": {"API_TOKEN": "********"}}}}""", "mcp_config.config.env.API_TOKEN")]
    public async Task AddAsync_InvalidBody_IsValidationAtPathAndStoresNothing(string json, string path)
    {
        var actor = await database.NewProjectActorAsync();

        var result = await Service.AddAsync(Parse(json), actor, Ct);

        AssertValidation(result, path);
        Assert.Equal(0, await CountAsync(actor));
    }

    [Fact]
    public async Task AddAsync_ExtraOauthKey_IsStoredAsGiven()
    {
        var actor = await database.NewProjectActorAsync();
        var body = ServerBodies.Remote("vendor");
        body["mcp_config"]!["oauth_config"]!["OAUTH_VENDOR_X"] = "kept";

        var result = await Service.AddAsync(body, actor, Ct);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal("kept", (await RowAsync(actor, "vendor")).McpConfig["oauth_config"]!["OAUTH_VENDOR_X"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(Role.Viewer)]
    [InlineData(Role.Reviewer)]
    [InlineData(Role.Runtime)]
    public async Task WriteMethods_ActorWithoutWriteRole_AreForbiddenAndChangeNothing(Role role)
    {
        var editor = await database.NewProjectActorAsync();
        await Service.AddAsync(ServerBodies.Stdio("kept"), editor, Ct);
        var actor = CoreDatabase.As(editor, role);

        var add = await Service.AddAsync(ServerBodies.Stdio("new"), actor, Ct);
        var bulk = await Service.BulkAddAsync(new JsonObject { ["servers"] = new JsonArray(ServerBodies.Stdio("bulk")) }, false, actor, Ct);
        var modify = await Service.ModifyAsync(Key("kept"), Parse("""{"description": "changed"}"""), null, actor, Ct);
        var delete = await Service.DeleteAsync(Key("kept"), null, actor, Ct);

        AssertKind(add, ErrorKind.Forbidden);
        AssertKind(bulk, ErrorKind.Forbidden);
        AssertKind(modify, ErrorKind.Forbidden);
        AssertKind(delete, ErrorKind.Forbidden);
        Assert.Equal(1, await CountAsync(editor));
        var row = await RowAsync(editor, "kept");
        Assert.True(row.IsActive);
        Assert.Equal(1, row.Revision);
    }

    [Fact]
    public async Task ReadMethods_ViewerActor_AreAllowed()
    {
        var editor = await database.NewProjectActorAsync();
        await Service.AddAsync(ServerBodies.Stdio("readable"), editor, Ct);
        var viewer = CoreDatabase.As(editor, Role.Viewer);

        var get = await Service.GetAsync(Key("readable"), viewer, Ct);
        var list = await Service.ListAsync(new ServerListQuery(), viewer, Ct);
        var gateways = await Service.ListGatewaysAsync(Key("readable"), new PageRequest(), viewer, Ct);

        Assert.True(get.IsSuccess);
        Assert.True(list.IsSuccess);
        Assert.Equal(1, list.Value.Total);
        Assert.True(gateways.IsSuccess);
    }

    [Fact]
    public async Task ListAsync_RuntimeActor_IsForbiddenButGetIsAllowed()
    {
        var editor = await database.NewProjectActorAsync();
        await Service.AddAsync(ServerBodies.Stdio("rt"), editor, Ct);
        var runtime = CoreDatabase.As(editor, Role.Runtime);

        var list = await Service.ListAsync(new ServerListQuery(), runtime, Ct);
        var get = await Service.GetAsync(Key("rt"), runtime, Ct);

        AssertKind(list, ErrorKind.Forbidden);
        Assert.True(get.IsSuccess);
    }

    [Fact]
    public async Task BulkAddAsync_AllValid_StoresAllInOneGo()
    {
        var actor = await database.NewProjectActorAsync();
        var body = new JsonObject { ["servers"] = new JsonArray(ServerBodies.Stdio("a"), ServerBodies.Remote("b"), ServerBodies.Stdio("c", "v2")) };

        var result = await Service.BulkAddAsync(body, false, actor, Ct);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.False(result.Value.DryRun);
        Assert.Equal(["a", "b", "c"], result.Value.Servers.Select(s => s.SavedName));
        Assert.Equal(3, await CountAsync(actor));
    }

    [Fact]
    public async Task BulkAddAsync_MoreConcurrentBatchesThanCores_AllWaitTheirTurnAndAllLand()
    {
        var actor = await database.NewProjectActorAsync();
        var service = Service;
        var batches = Enumerable.Range(0, (Environment.ProcessorCount * 3) + 1)
            .Select(b => new JsonObject { ["servers"] = new JsonArray([.. Enumerable.Range(0, 5).Select(i => (JsonNode)ServerBodies.Stdio($"batch-{b}-{i}"))]) })
            .ToList();

        var results = await Task.WhenAll(batches.Select(body => Task.Run(() => service.BulkAddAsync(body, false, actor, Ct), Ct)));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Message));
        Assert.Equal(batches.Count * 5, await CountAsync(actor));
    }

    [Fact]
    public async Task BulkAddAsync_InvalidItems_StoresNothingAndNamesEveryBadIndex()
    {
        var actor = await database.NewProjectActorAsync();
        var body = new JsonObject
        {
            ["servers"] = new JsonArray(
                ServerBodies.Stdio("a"),
                Parse("""{"saved_name": "b", "mcp_config": {"config": {}}}"""),
                ServerBodies.Stdio("c"),
                Parse("""{"saved_name": "d e", "mcp_config": {"config": {"command": "x"}, "input_guardrails_config": {"block": ["bogus"]}}}""")),
        };

        var result = await Service.BulkAddAsync(body, false, actor, Ct);

        AssertValidation(result, "servers[1].mcp_config.config", "servers[3].saved_name", "servers[3].mcp_config.input_guardrails_config.block[0]");
        Assert.DoesNotContain(result.Error!.FieldErrors!.Keys, k => k.StartsWith("servers[0]", StringComparison.Ordinal) || k.StartsWith("servers[2]", StringComparison.Ordinal));
        Assert.Equal(0, await CountAsync(actor));
    }

    [Fact]
    public async Task BulkAddAsync_DuplicateInsideBatch_StoresNothing()
    {
        var actor = await database.NewProjectActorAsync();
        var body = new JsonObject { ["servers"] = new JsonArray(ServerBodies.Stdio("a"), ServerBodies.Stdio("b"), ServerBodies.Stdio("a", "v1")) };

        var result = await Service.BulkAddAsync(body, false, actor, Ct);

        AssertValidation(result, "servers[2].saved_name");
        Assert.Equal(0, await CountAsync(actor));
    }

    [Fact]
    public async Task BulkAddAsync_ClashWithStoredServers_IsConflictNamingEachIndexAndStoresNothing()
    {
        var actor = await database.NewProjectActorAsync();
        await Service.AddAsync(ServerBodies.Stdio("old-1"), actor, Ct);
        await Service.AddAsync(ServerBodies.Stdio("old-2"), actor, Ct);
        await Service.DeleteAsync(Key("old-2"), null, actor, Ct);
        var body = new JsonObject { ["servers"] = new JsonArray(ServerBodies.Stdio("old-1"), ServerBodies.Stdio("new"), ServerBodies.Stdio("old-2")) };

        var result = await Service.BulkAddAsync(body, false, actor, Ct);

        AssertKind(result, ErrorKind.Conflict);
        Assert.Equal(["servers[0]", "servers[2]"], result.Error!.FieldErrors!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, await CountAsync(actor));
    }

    [Fact]
    public async Task BulkAddAsync_DryRun_ReportsButStoresNothing()
    {
        var actor = await database.NewProjectActorAsync();
        var body = new JsonObject { ["servers"] = new JsonArray(ServerBodies.Stdio("a"), ServerBodies.Stdio("b")) };

        var result = await Service.BulkAddAsync(body, true, actor, Ct);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.True(result.Value.DryRun);
        Assert.Equal(2, result.Value.Servers.Count);
        Assert.Equal(0, await CountAsync(actor));
        await using var db = await database.DbFactory.CreateDbContextAsync(Ct);
        Assert.False(await db.Registries.AnyAsync(r => r.ProjectId == actor.ProjectId, Ct));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task BulkAddAsync_CountOutOfRange_IsValidationAtServers(int count)
    {
        var actor = await database.NewProjectActorAsync();
        var body = new JsonObject { ["servers"] = new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode)ServerBodies.Stdio($"s{i}")).ToArray()) };

        var result = await Service.BulkAddAsync(body, false, actor, Ct);

        AssertValidation(result, "servers");
        Assert.Equal(0, await CountAsync(actor));
    }

    [Fact]
    public async Task ModifyAsync_McpConfigKey_ReplacesThatKeyAndKeepsTheOthersInOrder()
    {
        var actor = await database.NewProjectActorAsync();
        await Service.AddAsync(ServerBodies.Stdio("m"), actor, Ct);
        var before = (await RowAsync(actor, "m")).McpConfig;

        var result = await Service.ModifyAsync(Key("m"), Parse("""{"mcp_config": {"tools": {"list_dir": "Lists"}}}"""), null, actor, Ct);

        Assert.True(result.IsSuccess, result.Error?.Message);
        var after = (await RowAsync(actor, "m")).McpConfig;
        Assert.Equal(before.Select(p => p.Key), after.Select(p => p.Key));
        Assert.True(JsonNode.DeepEquals(Parse("""{"list_dir": "Lists"}"""), after["tools"]));
        Assert.True(JsonNode.DeepEquals(before["denied_tools"], after["denied_tools"]));
        Assert.True(JsonNode.DeepEquals(before["input_guardrails_config"], after["input_guardrails_config"]));
        Assert.Equal("ghp_super_secret_value", _protector.Unprotect(after["config"]!["env"]!["GITHUB_TOKEN"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ModifyAsync_NullValues_ClearOptionalKeysAndFields()
    {
        var actor = await database.NewProjectActorAsync();
        await Service.AddAsync(ServerBodies.Stdio("n"), actor, Ct);

        var result = await Service.ModifyAsync(Key("n"), Parse("""{"description": null, "mcp_config": {"input_guardrails_config": null, "tools": null}}"""), null, actor, Ct);

        Assert.True(result.IsSuccess, result.Error?.Message);
        var row = await RowAsync(actor, "n");
        Assert.Null(row.Description);
        var stored = row.McpConfig;
        Assert.False(stored.ContainsKey("input_guardrails_config"));
        Assert.False(stored.ContainsKey("tools"));
        Assert.True(stored.ContainsKey("denied_tools"));
    }

    [Fact]
    public async Task ModifyAsync_Change_BumpsRevisionAndUpdatedAtOnly()
    {
        var actor = await database.NewProjectActorAsync();
        await Service.AddAsync(ServerBodies.Stdio("r"), actor, Ct);
        var created = _clock.GetUtcNow().UtcDateTime;
        _clock.Advance(TimeSpan.FromMinutes(5));

        var result = await Service.ModifyAsync(Key("r"), Parse("""{"server_name": "renamed-package"}"""), null, CoreDatabase.As(actor, Role.Admin), Ct);

        Assert.True(result.IsSuccess, result.Error?.Message);
        var row = await RowAsync(actor, "r");
        Assert.Equal(2, row.Revision);
        Assert.Equal("renamed-package", row.ServerName);
        Assert.Equal(created, row.CreatedAt);
        Assert.Equal(created.AddMinutes(5), row.UpdatedAt);
        Assert.Equal(actor.Name, row.CreatedBy);
        Assert.Equal("Test Admin", row.UpdatedBy);
    }

    [Fact]
    public async Task ModifyAsync_NothingChanges_KeepsRevision()
    {
        var actor = await database.NewProjectActorAsync();
        await Service.AddAsync(ServerBodies.Stdio("same"), actor, Ct);

        var result = await Service.ModifyAsync(Key("same"), Parse("""{"description": "Reads and writes files"}"""), null, actor, Ct);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(1, (await RowAsync(actor, "same")).Revision);
    }

    [Theory]
    [InlineData("""{"saved_name": "other"}""", "saved_name")]
    [InlineData("""{"server_version": "v2"}""", "server_version")]
    [InlineData("""{"is_active": false}""", "is_active")]
    [InlineData("""{"mcp_config": {"config": null}}""", "mcp_config.config")]
    [InlineData("""{"mcp_config": null}""", "mcp_config")]
    [InlineData("""{"mcp_config": {"tool": {}}}""", "mcp_config.tool")]
    [InlineData("""{"revision": 9}""", "revision")]
    public async Task ModifyAsync_InvalidPatch_IsValidationAndChangesNothing(string patch, string path)
    {
        var actor = await database.NewProjectActorAsync();
        await Service.AddAsync(ServerBodies.Stdio("v"), actor, Ct);
        var before = await RowAsync(actor, "v");

        var result = await Service.ModifyAsync(Key("v"), Parse(patch), null, actor, Ct);

        AssertValidation(result, path);
        var after = await RowAsync(actor, "v");
        Assert.Equal(before.Revision, after.Revision);
        Assert.Equal(before.McpConfig.ToJsonString(), after.McpConfig.ToJsonString());
    }

    [Fact]
    public async Task ModifyAsync_MaskedSecretSentBack_KeepsStoredSecret()
    {
        var actor = await database.NewProjectActorAsync();
        var added = await Service.AddAsync(ServerBodies.Remote("sec"), actor, Ct);
        var masked = added.Value!.McpConfig;
        masked["config"]!["url"] = "https://mcp.example.com/other/mcp";
        var patch = new JsonObject { ["mcp_config"] = new JsonObject { ["config"] = masked["config"]!.DeepClone(), ["oauth_config"] = masked["oauth_config"]!.DeepClone() } };

        var result = await Service.ModifyAsync(Key("sec"), patch, null, actor, Ct);

        Assert.True(result.IsSuccess, result.Error?.Message);
        var stored = SecretRules.Revealed((await RowAsync(actor, "sec")).McpConfig, _protector);
        Assert.Equal("Bearer remote-secret-token", stored["config"]!["headers"]!["Authorization"]!.GetValue<string>());
        Assert.Equal("oauth-client-secret-value", stored["oauth_config"]!["OAUTH_CLIENT_SECRET"]!.GetValue<string>());
        Assert.Equal("https://mcp.example.com/other/mcp", stored["config"]!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task ModifyAsync_ExpectedRevisionMismatch_IsPreconditionFailedAndChangesNothing()
    {
        var actor = await database.NewProjectActorAsync();
        await Service.AddAsync(ServerBodies.Stdio("etag"), actor, Ct);

        var result = await Service.ModifyAsync(Key("etag"), Parse("""{"description": "late"}"""), 2, actor, Ct);
        var matching = await Service.ModifyAsync(Key("etag"), Parse("""{"description": "on time"}"""), 1, actor, Ct);

        AssertKind(result, ErrorKind.PreconditionFailed);
        Assert.True(matching.IsSuccess, matching.Error?.Message);
        Assert.Equal("on time", (await RowAsync(actor, "etag")).Description);
    }

    [Fact]
    public async Task ModifyAsync_DeletedServer_IsConflictUntilRestored()
    {
        var actor = await database.NewProjectActorAsync();
        await Service.AddAsync(ServerBodies.Stdio("gone"), actor, Ct);
        await Service.DeleteAsync(Key("gone"), null, actor, Ct);

        var change = await Service.ModifyAsync(Key("gone"), Parse("""{"description": "x"}"""), null, actor, Ct);
        var restore = await Service.ModifyAsync(Key("gone"), Parse("""{"is_active": true, "description": "back"}"""), null, actor, Ct);

        AssertKind(change, ErrorKind.Conflict);
        Assert.True(restore.IsSuccess, restore.Error?.Message);
        var row = await RowAsync(actor, "gone");
        Assert.True(row.IsActive);
        Assert.Null(row.DeletedAt);
        Assert.Null(row.DeletedBy);
        Assert.Equal("back", row.Description);
        Assert.Equal(3, row.Revision);
    }

    [Fact]
    public async Task ModifyAsync_UnknownServer_IsNotFound()
    {
        var actor = await database.NewProjectActorAsync();

        var result = await Service.ModifyAsync(Key("nobody"), Parse("""{"description": "x"}"""), null, actor, Ct);

        AssertKind(result, ErrorKind.NotFound);
    }

    [Fact]
    public async Task DeleteAsync_ActiveServer_SoftDeletesAndSecondDeleteIsConflict()
    {
        var actor = await database.NewProjectActorAsync();
        await Service.AddAsync(ServerBodies.Stdio("d"), actor, Ct);
        _clock.Advance(TimeSpan.FromSeconds(30));

        var first = await Service.DeleteAsync(Key("d"), 1, actor, Ct);
        var second = await Service.DeleteAsync(Key("d"), null, actor, Ct);

        Assert.True(first.IsSuccess, first.Error?.Message);
        Assert.False(first.Value.IsActive);
        Assert.Equal(_clock.GetUtcNow().UtcDateTime, first.Value.DeletedAt);
        AssertKind(second, ErrorKind.Conflict);
        var row = await RowAsync(actor, "d");
        Assert.False(row.IsActive);
        Assert.Equal(2, row.Revision);
    }

    [Fact]
    public async Task DeleteAsync_ExpectedRevisionMismatch_IsPreconditionFailed()
    {
        var actor = await database.NewProjectActorAsync();
        await Service.AddAsync(ServerBodies.Stdio("d412"), actor, Ct);

        var result = await Service.DeleteAsync(Key("d412"), 3, actor, Ct);

        AssertKind(result, ErrorKind.PreconditionFailed);
        Assert.True((await RowAsync(actor, "d412")).IsActive);
    }

    [Fact]
    public async Task ListAsync_FiltersSortsAndPagesInTheDatabase()
    {
        var actor = await database.NewProjectActorAsync();
        foreach (var name in new[] { "charlie", "alpha", "bravo", "delta" })
        {
            await Service.AddAsync(ServerBodies.Stdio(name), actor, Ct);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        await Service.DeleteAsync(Key("delta"), null, actor, Ct);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await Service.ModifyAsync(Key("charlie"), Parse("""{"description": "touched"}"""), null, actor, Ct);

        var byName = await Service.ListAsync(new ServerListQuery { PerPage = 2 }, actor, Ct);
        var byCreatedDesc = await Service.ListAsync(new ServerListQuery { Sort = "created_at", Order = "desc", IsActive = true }, actor, Ct);
        var byUpdated = await Service.ListAsync(new ServerListQuery { Sort = "updated_at" }, actor, Ct);
        var searched = await Service.ListAsync(new ServerListQuery { Search = "TOUCH" }, actor, Ct);

        Assert.Equal(["alpha", "bravo"], byName.Value!.Items.Select(s => s.SavedName));
        Assert.Equal(4, byName.Value.Total);
        Assert.Equal(2, byName.Value.TotalPages);
        Assert.Equal(["bravo", "alpha", "charlie"], byCreatedDesc.Value!.Items.Select(s => s.SavedName));
        Assert.Equal(["alpha", "bravo", "delta", "charlie"], byUpdated.Value!.Items.Select(s => s.SavedName));
        Assert.Equal(["charlie"], searched.Value!.Items.Select(s => s.SavedName));
    }

    [Theory]
    [InlineData(0, 20, "saved_name", "asc", null, "page")]
    [InlineData(1, 0, "saved_name", "asc", null, "per_page")]
    [InlineData(1, 101, "saved_name", "asc", null, "per_page")]
    [InlineData(1, 20, "name", "asc", null, "sort")]
    [InlineData(1, 20, "saved_name", "ascending", null, "order")]
    [InlineData(1, 20, "saved_name", "asc", "approve", "review_status")]
    public async Task ListAsync_BadQuery_IsValidationAtParameter(int page, int perPage, string sort, string order, string? reviewStatus, string path)
    {
        var actor = await database.NewProjectActorAsync();

        var result = await Service.ListAsync(new ServerListQuery { Page = page, PerPage = perPage, Sort = sort, Order = order, ReviewStatus = reviewStatus }, actor, Ct);

        AssertValidation(result, path);
    }

    [Fact]
    public async Task ListAsync_PageWhoseOffsetOverflowsAnInt_IsEmpty()
    {
        var actor = await database.NewProjectActorAsync();
        await Service.AddAsync(ServerBodies.Stdio("only"), actor, Ct);

        var result = await Service.ListAsync(new ServerListQuery { Page = int.MaxValue, PerPage = 100 }, actor, Ct);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Empty(result.Value.Items);
        Assert.Equal(1, result.Value.Total);
    }

    [Fact]
    public async Task ListAsync_ProjectWithoutRegistry_IsAnEmptyPage()
    {
        var actor = await database.NewProjectActorAsync();

        var result = await Service.ListAsync(new ServerListQuery(), actor, Ct);

        Assert.True(result.IsSuccess);
        Assert.Empty(result.Value.Items);
        Assert.Equal(0, result.Value.TotalPages);
    }

    [Fact]
    public async Task ListAsync_OneService_FindsEachProjectsRegistryOnceItExists()
    {
        // One service instance throughout: it remembers a project's registry once read, never its absence or another project's.
        var service = Service;
        var first = await database.NewProjectActorAsync();
        var second = await database.NewProjectActorAsync();
        async Task<string[]> NamesAsync(Actor actor)
        {
            var result = await service.ListAsync(new ServerListQuery(), actor, Ct);
            Assert.True(result.IsSuccess);
            return [.. result.Value!.Items.Select(s => s.SavedName)];
        }

        Assert.Empty(await NamesAsync(first));

        Assert.True((await service.AddAsync(ServerBodies.Stdio("mine"), first, Ct)).IsSuccess);
        Assert.True((await service.AddAsync(ServerBodies.Stdio("theirs"), second, Ct)).IsSuccess);

        Assert.Equal(["mine"], await NamesAsync(first));
        Assert.Equal(["theirs"], await NamesAsync(second));
        Assert.Equal(["mine"], await NamesAsync(first));
    }

    [Fact]
    public async Task ListGatewaysAsync_MissingServer_IsNotFound()
    {
        var actor = await database.NewProjectActorAsync();
        await Service.AddAsync(ServerBodies.Stdio("exists"), actor, Ct);

        var missing = await Service.ListGatewaysAsync(Key("missing"), new PageRequest(), actor, Ct);
        var existing = await Service.ListGatewaysAsync(Key("exists"), new PageRequest(), actor, Ct);

        AssertKind(missing, ErrorKind.NotFound);
        Assert.True(existing.IsSuccess);
        Assert.Empty(existing.Value.Items);
    }

    [Fact]
    public async Task AddAsync_WithDataProtectionProtector_RoundTripsSecrets()
    {
        var actor = await database.NewProjectActorAsync();
        var service = new ServerService(database.DbFactory, database.Protector, TimeProvider.System);

        await service.AddAsync(ServerBodies.Stdio("dp"), actor, Ct);

        var raw = (await RowAsync(actor, "dp")).McpConfig.ToJsonString();
        Assert.DoesNotContain("ghp_super_secret_value", raw, StringComparison.Ordinal);
        var revealed = SecretRules.Revealed(Parse(raw), database.Protector);
        Assert.Equal("ghp_super_secret_value", revealed["config"]!["env"]!["GITHUB_TOKEN"]!.GetValue<string>());
    }
}
