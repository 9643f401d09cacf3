using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Caching;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Secrets;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Core.Gateways;

/// <summary>
/// The read side of gateways: the expanded config a runtime consumes (cached per gateway and reveal mode), what every
/// gateway serves for one server, and how many gateways use each server. <see cref="GatewayService"/> delegates here.
/// </summary>
internal sealed class GatewayConfigReader(IDbContextFactory<RegistryDbContext> dbFactory, ISecretProtector protector, IChangeStampReader stamps)
{
    private readonly StampedCache<ConfigCacheKey, GatewayConfigDto> _configs = new(capacity: 5_000);

    private sealed record ConfigCacheKey(string ProjectId, GatewayKey Gateway, bool Reveal);

    public Task<Result<GatewayConfigDto>> GetConfigAsync(GatewayKey key, Actor actor, CancellationToken cancellationToken) =>
        GetConfigAsync(key, actor, actor.Can(Permission.RevealSecrets), cancellationToken);

    /// <summary>The expanded config as the console shows it: secrets masked whatever the caller's role.</summary>
    public async Task<Result<GatewayConfigDto>> GetMaskedConfigAsync(GatewayKey key, Actor actor, CancellationToken cancellationToken)
    {
        var config = await GetConfigAsync(key, actor, reveal: false, cancellationToken);
        return config.IsSuccess ? config.Value with { ExpandedServers = config.Value.ExpandedServers.Select(Masked).ToList() } : config;
    }

    private async Task<Result<GatewayConfigDto>> GetConfigAsync(GatewayKey key, Actor actor, bool reveal, CancellationToken cancellationToken)
    {
        if (actor.Require(Permission.ReadGatewayConfig) is { } forbidden)
        {
            return forbidden;
        }

        // Per gateway and reveal/mask mode; caller-specific parts belong after the cache. The stamp is read before the
        // config is built, so a change committed meanwhile makes the entry stale at once (docs/performance.md).
        var stamp = await stamps.ReadAsync(ChangeStamp.Registry, cancellationToken);
        var cacheKey = new ConfigCacheKey(actor.ProjectId, key, reveal);
        if (!_configs.TryGet(cacheKey, stamp, out var gatewayWide))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var gateway = await db.Gateways.AsNoTracking().FindGatewayAsync(actor.ProjectId, key, cancellationToken);
            if (gateway is null)
            {
                return GatewayRows.NotFound(key);
            }

            gatewayWide = await ExpandAsync(db, gateway, actor.ProjectName, reveal, cancellationToken);
            _configs.Set(cacheKey, stamp, gatewayWide);
        }

        // The caller-specific parts go on top of the cached, gateway-wide config.
        var config = gatewayWide with { ProjectName = actor.ProjectName };
        return config with { RequestContext = RequestContextDto.For(actor, config) };
    }

    /// <summary>
    /// The gateway-wide part of the expanded config: the same for every caller of the project with the same reveal
    /// mode. The caller's <c>request_context</c> is added on top of it.
    /// </summary>
    private async Task<GatewayConfigDto> ExpandAsync(RegistryDbContext db, Gateway gateway, string projectName, bool reveal, CancellationToken cancellationToken)
    {
        // Gateways serve the last approved snapshot of each server, never an unreviewed revision (API.md §4).
        var rows = await db.GatewayServers.AsNoTracking()
            .Where(s => s.GatewayId == gateway.Id)
            .Join(db.Servers.AsNoTracking(), s => s.ServerId, server => server.Id, (s, server) => new { Reference = s, Server = server })
            // A left join on the unique (server, revision) index: FirstOrDefault here became ROW_NUMBER() over every snapshot.
            .GroupJoin(db.ServerSnapshots.AsNoTracking(), x => new { x.Server.Id, Revision = x.Server.ApprovedRevision },
                snap => new { Id = snap.ServerId, Revision = (int?)snap.Revision }, (x, snaps) => new { x, snaps })
            .SelectMany(g => g.snaps.DefaultIfEmpty(), (g, snap) => new { g.x.Reference, g.x.Server, Snapshot = snap })
            .OrderBy(x => x.Reference.Position)
            .ToListAsync(cancellationToken);
        var common = GatewayExpansion.ServedCommonOverrides(gateway.CommonOverrides);
        var expanded = rows.Select(row => ExpandOne(row.Server, row.Snapshot, row.Reference.Overrides, common, reveal)).ToList();

        var config = new GatewayConfigDto
        {
            GatewaySavedName = gateway.SavedName,
            GatewayVersion = gateway.Version,
            GatewayId = gateway.Id,
            ProjectName = projectName,
            IsActive = gateway.IsActive,
            Revision = gateway.Revision,
            CreatedAt = gateway.CreatedAt,
            UpdatedAt = gateway.UpdatedAt,
            CommonOverrides = common,

            // Cached as the JSON it is served as (ExpandedServerList): a tenth of the memory of the node trees.
            ExpandedServers = new ExpandedServerList(expanded),
        };

        // Shared by concurrent readers once cached: serialize once so every JsonNode (the common overrides) is materialised (reads only after this).
        _ = System.Text.Json.JsonSerializer.Serialize(config, JsonDefaults.Options);
        return config;
    }

    public Task<Result<IReadOnlyDictionary<string, ExpandedServerDto>>> ExpandForServerAsync(ServerKey key, Actor actor, CancellationToken cancellationToken) =>
        ExpandForServerAsync(key, actor, actor.Can(Permission.RevealSecrets), cancellationToken);

    /// <summary>What every gateway serves for one server, as the console shows it: secrets masked whatever the caller's role.</summary>
    public async Task<Result<IReadOnlyDictionary<string, ExpandedServerDto>>> ExpandForServerMaskedAsync(ServerKey key, Actor actor, CancellationToken cancellationToken)
    {
        var expanded = await ExpandForServerAsync(key, actor, reveal: false, cancellationToken);
        return expanded.IsSuccess ? expanded.Value.ToDictionary(e => e.Key, e => Masked(e.Value)) : expanded;
    }

    private async Task<Result<IReadOnlyDictionary<string, ExpandedServerDto>>> ExpandForServerAsync(ServerKey key, Actor actor, bool reveal, CancellationToken cancellationToken)
    {
        if (actor.Require(Permission.ReadRegistry) is { } forbidden)
        {
            return forbidden;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var server = await db.Servers.AsNoTracking().FindServerAsync(db, actor.ProjectId, key, cancellationToken);
        if (server is null)
        {
            return Error.NotFound($"{key} not found");
        }

        var snapshot = await RegistryLookup.ServedSnapshotAsync(db, server, cancellationToken);
        var references = await db.GatewayServers.AsNoTracking()
            .Where(r => r.ServerId == server.Id)
            .Join(db.Gateways.AsNoTracking().Where(g => g.ProjectId == actor.ProjectId), r => r.GatewayId, g => g.Id,
                (r, g) => new { g.Id, r.Overrides, g.CommonOverrides })
            .ToListAsync(cancellationToken);
        return references.ToDictionary(
            r => r.Id,
            r => ExpandOne(server, snapshot, r.Overrides, GatewayExpansion.ServedCommonOverrides(r.CommonOverrides), reveal));
    }

    public async Task<Result<IReadOnlyDictionary<ServerKey, int>>> CountByServerAsync(IReadOnlyCollection<ServerKey> keys, Actor actor, CancellationToken cancellationToken)
    {
        if (actor.Require(Permission.ReadRegistry) is { } forbidden)
        {
            return forbidden;
        }

        var result = keys.Distinct().ToDictionary(k => k, _ => 0);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var registry = await RegistryLookup.FindAsync(db, actor.ProjectId, cancellationToken);
        if (registry is null || result.Count == 0)
        {
            return result;
        }

        var names = result.Keys.Select(k => k.SavedName).Distinct().ToList();
        var counts = await db.Servers.AsNoTracking()
            .Where(s => s.RegistryId == registry.Id && names.Contains(s.SavedName))
            .Select(s => new
            {
                s.SavedName,
                s.ServerVersion,
                Count = db.GatewayServers.Count(r => r.ServerId == s.Id && db.Gateways.Any(g => g.Id == r.GatewayId && g.IsActive)),
            })
            .ToListAsync(cancellationToken);
        foreach (var count in counts)
        {
            var key = new ServerKey(count.SavedName, count.ServerVersion);
            if (result.ContainsKey(key))
            {
                result[key] = count.Count;
            }
        }

        return result;
    }

    /// <summary>
    /// One server as a gateway serves it: its approved snapshot with the overrides applied (API.md §5.1).
    /// <paramref name="common"/> is the served form of the common overrides.
    /// </summary>
    private ExpandedServerDto ExpandOne(RegistryServer server, Reviews.ServerSnapshot? snapshot, JsonObject overrides, JsonObject common, bool reveal)
    {
        var served = snapshot?.McpConfig;
        var registryConfig = served is null ? null : reveal ? SecretRules.Revealed(served, protector) : SecretRules.Masked(served);
        return new ExpandedServerDto
        {
            SavedName = server.SavedName,
            ServerVersion = server.ServerVersion,
            ServerName = snapshot?.ServerName,
            Description = snapshot?.Description,
            JobId = server.JobId,
            SourceUrl = server.SourceUrl,
            SourceVersion = server.SourceVersion,
            RegistryId = server.RegistryId,
            IsActive = server.IsActive && snapshot is not null,
            ReviewStatus = server.ReviewStatus,
            ServedRevision = snapshot?.Revision,

            // A server never approved has nothing reviewed to serve: an empty config, inactive.
            McpConfig = registryConfig is null ? [] : GatewayExpansion.Apply(registryConfig, overrides, common),
            GatewayOverrides = overrides,
            OverriddenKeys = GatewayExpansion.OverriddenKeys(overrides, common),
        };
    }

    /// <summary>A copy with every secret of the served config masked (overrides included).</summary>
    private static ExpandedServerDto Masked(ExpandedServerDto server) => server with { McpConfig = SecretRules.Masked(server.McpConfig) };

}
