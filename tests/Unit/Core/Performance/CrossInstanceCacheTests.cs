using System.Text.Json.Nodes;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Caching;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Reviews;
using RegistryConsole.Core.Servers;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Core.Performance;

/// <summary>
/// Two service instances on one database stand for two app instances: a change made through one shows on the very next
/// read through the other, whose cache knows nothing of it but the change stamp in the database.
/// </summary>
public sealed class CrossInstanceCacheTests(CoreDatabase database) : IClassFixture<CoreDatabase>, IDisposable
{
    private readonly List<IDisposable> _readers = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _readers.ForEach(r => r.Dispose());

    /// <summary>What an app instance of its own reads change stamps with: on SQLite a connection of its own.</summary>
    private IChangeStampReader InstanceStamps()
    {
        if (TestProvider.IsPostgres)
        {
            return new DatabaseChangeStampReader(database.DbFactory);
        }

        var reader = new SqliteChangeStampReader(database.ConnectionString);
        _readers.Add(reader);
        return reader;
    }

    [Fact]
    public async Task Authenticate_KeyRevokedThroughAnotherInstance_RefusedOnTheNextCall()
    {
        var admin = await database.NewProjectActorAsync(Role.Admin);
        var first = new ApiKeyService(database.DbFactory, TimeProvider.System, InstanceStamps());
        var second = new ApiKeyService(database.DbFactory, TimeProvider.System, InstanceStamps());
        var created = (await first.CreateAsync(new JsonObject { ["name"] = "cross-revoke", ["role"] = "viewer" }, admin, Ct)).Value!;
        Assert.NotNull(await second.AuthenticateAsync(created.Key, Ct));
        Assert.NotNull(await second.AuthenticateAsync(created.Key, Ct));

        await first.RevokeAsync(created.Id, admin, Ct);

        Assert.Null(await second.AuthenticateAsync(created.Key, Ct));
    }

    [Fact]
    public async Task GetConfig_ServerDeletedThroughAnotherInstance_ShowsOnTheNextRead()
    {
        var admin = await database.NewProjectActorAsync(Role.Admin);
        await new ReviewService(database.DbFactory, database.Protector, TimeProvider.System).ModifySettingsAsync(new JsonObject { ["require_approval"] = false }, admin, Ct);
        var servers = new ServerService(database.DbFactory, database.Protector, TimeProvider.System, stamps: InstanceStamps());
        var writer = new GatewayService(database.DbFactory, database.Protector, TimeProvider.System, InstanceStamps());
        var reader = new GatewayService(database.DbFactory, database.Protector, TimeProvider.System, InstanceStamps());
        await servers.AddAsync(ServerBodies.Stdio("cross-del"), admin, Ct);
        await writer.AddAsync(new JsonObject
        {
            ["gateway_saved_name"] = "cross-gw",
            ["servers_config"] = new JsonObject { ["servers"] = new JsonArray(new JsonObject { ["saved_name"] = "cross-del" }) },
        }, admin, Ct);
        var key = new GatewayKey("cross-gw", "v1");
        Assert.True((await reader.GetConfigAsync(key, admin, Ct)).Value!.ExpandedServers[0].IsActive);

        await servers.DeleteAsync(new ServerKey("cross-del", "v1"), null, admin, Ct);

        Assert.False((await reader.GetConfigAsync(key, admin, Ct)).Value!.ExpandedServers[0].IsActive);
    }

    [Fact]
    public async Task ProjectSettings_ChangedThroughAnotherInstance_ShowOnTheNextRead()
    {
        var admin = await database.NewProjectActorAsync(Role.Admin);
        var writer = new ReviewService(database.DbFactory, database.Protector, TimeProvider.System, InstanceStamps());
        var reader = new ReviewService(database.DbFactory, database.Protector, TimeProvider.System, InstanceStamps());
        Assert.True((await reader.GetSettingsAsync(admin, Ct)).Value!.RequireApproval);
        Assert.True((await reader.GetSettingsAsync(admin, Ct)).Value!.RequireApproval);

        await writer.ModifySettingsAsync(new JsonObject { ["require_approval"] = false }, admin, Ct);

        Assert.False((await reader.GetSettingsAsync(admin, Ct)).Value!.RequireApproval);
    }
}
