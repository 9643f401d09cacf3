using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Audit;
using RegistryConsole.Core.Caching;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Secrets;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Core.Gateways;

public sealed class GatewayService(
    IDbContextFactory<RegistryDbContext> dbFactory,
    ISecretProtector protector,
    TimeProvider clock,
    IChangeStampReader? stamps = null) : IGatewayService
{
    private readonly IChangeStampReader _stamps = stamps ?? new DatabaseChangeStampReader(dbFactory);

    private const string ServersPath = "servers_config.servers";

    private static readonly GatewayBodyValidator AddValidator = new(isPatch: false);
    private static readonly GatewayBodyValidator PatchValidator = new(isPatch: true);

    private readonly StampedCache<ConfigCacheKey, GatewayConfigDto> _configs = new(capacity: 5_000);

    private sealed record ConfigCacheKey(string ProjectId, GatewayKey Gateway, bool Reveal);

    public async Task<Result<GatewayDto>> AddAsync(JsonObject body, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.WriteRegistry) is { } forbidden)
        {
            return forbidden;
        }

        var errors = new FieldErrors();
        var typed = StrictJson.Read(body, AddValidator, string.Empty, errors);
        var entries = typed is null ? [] : ReadEntries(body, errors);
        if (typed is null || !errors.IsEmpty)
        {
            return errors.ToError();
        }

        var key = new GatewayKey(typed.GatewaySavedName!, typed.GatewayVersion ?? Identifiers.DefaultVersion);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var resolved = await ResolveServersAsync(db, actor, entries, errors, cancellationToken);
        if (!errors.IsEmpty)
        {
            return errors.ToError();
        }

        if (await db.Gateways.AnyAsync(g => g.ProjectId == actor.ProjectId && g.SavedName == key.SavedName && g.Version == key.Version, cancellationToken))
        {
            return Error.Conflict($"{key} already exists");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var gateway = new Gateway
        {
            Id = Guid.CreateVersion7().ToString(),
            ProjectId = actor.ProjectId,
            SavedName = key.SavedName,
            Version = key.Version,
            Description = typed.Description,
            CommonOverridesJson = WithoutNulls(CommonOverridesOf(body)).ToJsonString(JsonDefaults.Options),
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = actor.Name,
            UpdatedBy = actor.Name,
        };
        for (var i = 0; i < entries.Count; i++)
        {
            gateway.Servers.Add(NewReference(gateway.Id, resolved[entries[i].Key].Id, i, WithoutNulls(entries[i].Overrides)));
        }

        db.Gateways.Add(gateway);
        var names = resolved.Values.ToDictionary(s => s.Id, s => new ServerKey(s.SavedName, s.ServerVersion));
        Record(db, actor, now, "gateway.add", gateway, null, AuditDocument(gateway, names));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            return Error.Conflict($"{key} already exists");
        }

        return await LoadDtoAsync(db, gateway.Id, actor, cancellationToken);
    }

    public async Task<Result<GatewayDto>> GetAsync(GatewayKey key, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.ReadRegistry) is { } forbidden)
        {
            return forbidden;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var id = await FindIdAsync(db, key, actor, cancellationToken);
        return id is null ? NotFound(key) : await LoadDtoAsync(db, id, actor, cancellationToken);
    }

    public async Task<Result<GatewayDto>> ModifyAsync(GatewayKey key, JsonObject patch, int? expectedRevision, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.WriteRegistry) is { } forbidden)
        {
            return forbidden;
        }

        var errors = new FieldErrors();
        var typed = StrictJson.Read(patch, PatchValidator, string.Empty, errors);
        PatchRules.RequireUnchanged(patch, "gateway_saved_name", key.SavedName, "gateways", errors);
        PatchRules.RequireUnchanged(patch, "gateway_version", key.Version, "gateways", errors);
        if (patch.TryGetPropertyValue("is_active", out var isActive) && !(isActive is JsonValue v && v.TryGetValue<bool>(out var flag) && flag))
        {
            errors.Add("is_active", "may only be true (to restore a deleted gateway); use delete-gateway to delete");
        }

        if (patch.TryGetPropertyValue("servers_config", out var serversConfig) && serversConfig is null)
        {
            errors.Add("servers_config", "cannot be null; detach servers with \"remove\": true");
        }

        var entries = typed is null ? [] : ReadEntries(patch, errors);
        if (typed is null || !errors.IsEmpty)
        {
            return errors.ToError();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var gateway = await db.Gateways.Include(g => g.Servers)
            .FirstOrDefaultAsync(g => g.ProjectId == actor.ProjectId && g.SavedName == key.SavedName && g.Version == key.Version, cancellationToken);
        if (gateway is null)
        {
            return NotFound(key);
        }

        if (expectedRevision is not null && expectedRevision != gateway.Revision)
        {
            return Error.PreconditionFailed($"{key} has changed since it was read (revision {gateway.Revision}); read it again");
        }

        var restore = typed.IsActive == true && !gateway.IsActive;
        if (!gateway.IsActive && !restore)
        {
            return Error.Conflict($"{key} is deleted; restore it with \"is_active\": true");
        }

        var serverNames = await LoadNamesAsync(db, gateway.Servers.Select(s => s.ServerId).ToList(), cancellationToken);
        var before = AuditDocument(gateway, serverNames);
        var changed = restore;
        if (patch.TryGetPropertyValue("description", out _) && gateway.Description != typed.Description)
        {
            gateway.Description = typed.Description;
            changed = true;
        }

        if (patch["servers_config"] is JsonObject config && config.TryGetPropertyValue("common_overrides", out var commonPatch))
        {
            var merged = commonPatch is JsonObject commonObject ? MergeOverrides(ParseObject(gateway.CommonOverridesJson), commonObject) : [];
            changed |= SetIfDifferent(gateway.CommonOverridesJson, merged, json => gateway.CommonOverridesJson = json);
        }

        // Entries naming servers not yet attached must resolve to existing servers.
        var attachedIds = gateway.Servers.Select(s => s.ServerId).ToHashSet();
        var resolved = await ResolveServersAsync(db, actor, entries, errors, cancellationToken, allowDeletedIds: attachedIds);
        if (!errors.IsEmpty)
        {
            return errors.ToError();
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var serverId = resolved[entry.Key].Id;
            var reference = gateway.Servers.FirstOrDefault(s => s.ServerId == serverId);
            if (entry.Remove)
            {
                if (reference is null)
                {
                    errors.Add(JsonPath.Index(ServersPath, entry.Index), $"MCP registry server '{entry.Key.SavedName}' version '{entry.Key.ServerVersion}' is not attached to this gateway");
                    continue;
                }

                gateway.Servers.Remove(reference);
                db.GatewayServers.Remove(reference);
                changed = true;
            }
            else if (reference is null)
            {
                var position = gateway.Servers.Count == 0 ? 0 : gateway.Servers.Max(s => s.Position) + 1;
                gateway.Servers.Add(NewReference(gateway.Id, serverId, position, WithoutNulls(entry.Overrides)));
                changed = true;
            }
            else
            {
                var merged = MergeOverrides(ParseObject(reference.OverridesJson), entry.Overrides);
                changed |= SetIfDifferent(reference.OverridesJson, merged, json => reference.OverridesJson = json);
            }
        }

        if (!errors.IsEmpty)
        {
            return errors.ToError();
        }

        if (changed)
        {
            if (restore)
            {
                gateway.IsActive = true;
                gateway.DeletedAt = null;
                gateway.DeletedBy = null;
            }

            gateway.Revision++;
            gateway.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            gateway.UpdatedBy = actor.Name;
            foreach (var server in resolved.Values)
            {
                serverNames[server.Id] = new ServerKey(server.SavedName, server.ServerVersion);
            }

            Record(db, actor, gateway.UpdatedAt, restore ? "gateway.restore" : "gateway.modify", gateway, before, AuditDocument(gateway, serverNames));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Error.PreconditionFailed($"{key} was changed by someone else meanwhile; read it again");
            }
        }

        return await LoadDtoAsync(db, gateway.Id, actor, cancellationToken);
    }

    public async Task<Result<GatewayDto>> DeleteAsync(GatewayKey key, int? expectedRevision, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.WriteRegistry) is { } forbidden)
        {
            return forbidden;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var gateway = await db.Gateways.FirstOrDefaultAsync(g => g.ProjectId == actor.ProjectId && g.SavedName == key.SavedName && g.Version == key.Version, cancellationToken);
        if (gateway is null)
        {
            return NotFound(key);
        }

        if (expectedRevision is not null && expectedRevision != gateway.Revision)
        {
            return Error.PreconditionFailed($"{key} has changed since it was read (revision {gateway.Revision}); read it again");
        }

        if (!gateway.IsActive)
        {
            return Error.Conflict($"{key} is already deleted");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var before = new JsonObject { ["is_active"] = true };
        gateway.IsActive = false;
        gateway.DeletedAt = now;
        gateway.DeletedBy = actor.Name;
        gateway.UpdatedAt = now;
        gateway.UpdatedBy = actor.Name;
        gateway.Revision++;
        AuditLog.Record(db, actor, now, "gateway.delete", AuditEntities.Gateway, gateway.Id, EntityName(gateway), AuditLog.Diff(before, new JsonObject { ["is_active"] = false }), gateway.Revision);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.PreconditionFailed($"{key} was changed by someone else meanwhile; read it again");
        }

        return await LoadDtoAsync(db, gateway.Id, actor, cancellationToken);
    }

    public async Task<Result<Page<GatewayDto>>> ListAsync(GatewayListQuery query, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.ReadRegistry) is { } forbidden)
        {
            return forbidden;
        }

        if (PageRequestRules.Check(new PageRequest(query.Page, query.PerPage)) is { } pageError)
        {
            return pageError;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var gateways = db.Gateways.AsNoTracking().Where(g => g.ProjectId == actor.ProjectId);
        if (query.IsActive is { } isActive)
        {
            gateways = gateways.Where(g => g.IsActive == isActive);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToLowerInvariant();
            gateways = gateways.Where(g => g.SavedName.ToLower().Contains(term) || (g.Description != null && g.Description.ToLower().Contains(term)));
        }

        var total = await gateways.CountAsync(cancellationToken);
        var rows = await gateways.OrderBy(g => g.SavedName).ThenBy(g => g.Version)
            .TakePage(new PageRequest(query.Page, query.PerPage))
            .ToListAsync(cancellationToken);
        var references = await LoadReferencesAsync(db, rows.Select(r => r.Id).ToList(), cancellationToken);
        return new Page<GatewayDto>(rows.Select(g => ToDto(g, references, actor)).ToList(), query.Page, query.PerPage, total);
    }

    public async Task<Result<GatewayConfigDto>> GetConfigAsync(GatewayKey key, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.ReadGatewayConfig) is { } forbidden)
        {
            return forbidden;
        }

        var reveal = actor.Can(Permission.RevealSecrets);

        // Per gateway and reveal/mask mode; caller-specific parts belong after the cache. The stamp is read before the
        // config is built, so a change committed meanwhile makes the entry stale at once (docs/performance.md).
        var stamp = await _stamps.ReadAsync(ChangeStamp.Registry, cancellationToken);
        var cacheKey = new ConfigCacheKey(actor.ProjectId, key, reveal);
        if (!_configs.TryGet(cacheKey, stamp, out var gatewayWide))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var gateway = await db.Gateways.AsNoTracking()
                .FirstOrDefaultAsync(g => g.ProjectId == actor.ProjectId && g.SavedName == key.SavedName && g.Version == key.Version, cancellationToken);
            if (gateway is null)
            {
                return NotFound(key);
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
        var common = GatewayExpansion.ServedCommonOverrides(ParseObject(gateway.CommonOverridesJson));
        var expanded = rows.Select(row => ExpandOne(row.Server, row.Snapshot, row.Reference.OverridesJson, common, reveal)).ToList();

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
            ExpandedServers = expanded,
        };

        // Shared by concurrent readers once cached: serialize once so every JsonNode is materialised (reads only after this).
        _ = System.Text.Json.JsonSerializer.Serialize(config, JsonDefaults.Options);
        return config;
    }

    public async Task<Result<IReadOnlyDictionary<string, ExpandedServerDto>>> ExpandForServerAsync(ServerKey key, Actor actor, CancellationToken cancellationToken = default)
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

        var snapshot = server.ApprovedRevision is { } approved
            ? await db.ServerSnapshots.AsNoTracking().FirstOrDefaultAsync(s => s.ServerId == server.Id && s.Revision == approved, cancellationToken)
            : null;
        var references = await db.GatewayServers.AsNoTracking()
            .Where(r => r.ServerId == server.Id)
            .Join(db.Gateways.AsNoTracking().Where(g => g.ProjectId == actor.ProjectId), r => r.GatewayId, g => g.Id,
                (r, g) => new { g.Id, r.OverridesJson, g.CommonOverridesJson })
            .ToListAsync(cancellationToken);
        var reveal = actor.Can(Permission.RevealSecrets);
        return references.ToDictionary(
            r => r.Id,
            r => ExpandOne(server, snapshot, r.OverridesJson, GatewayExpansion.ServedCommonOverrides(ParseObject(r.CommonOverridesJson)), reveal));
    }

    public async Task<Result<IReadOnlyDictionary<ServerKey, int>>> CountByServerAsync(IReadOnlyCollection<ServerKey> keys, Actor actor, CancellationToken cancellationToken = default)
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

    private sealed record Entry(int Index, ServerKey Key, JsonObject Overrides, bool Remove);

    /// <summary>The raw entries of <c>servers_config.servers</c>: key, overrides as written, and the remove flag; duplicates are errors.</summary>
    private static List<Entry> ReadEntries(JsonObject body, FieldErrors errors)
    {
        var entries = new List<Entry>();
        if (body["servers_config"] is not JsonObject config || config["servers"] is not JsonArray servers)
        {
            return entries;
        }

        var seen = new Dictionary<ServerKey, int>();
        for (var i = 0; i < servers.Count; i++)
        {
            if (servers[i] is not JsonObject item)
            {
                errors.Add(JsonPath.Index(ServersPath, i), "must be an object with saved_name");
                continue;
            }

            var key = new ServerKey(item["saved_name"]!.GetValue<string>(), item["server_version"]?.GetValue<string>() ?? Identifiers.DefaultVersion);
            if (seen.TryGetValue(key, out var first))
            {
                errors.Add(JsonPath.Combine(JsonPath.Index(ServersPath, i), "saved_name"), $"'{key.SavedName}' version '{key.ServerVersion}' is also {ServersPath}[{first}]");
                continue;
            }

            seen[key] = i;
            var overrides = new JsonObject(item
                .Where(p => p.Key is not ("saved_name" or "server_version" or "remove"))
                .Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
            entries.Add(new Entry(i, key, overrides, item["remove"] is JsonValue remove && remove.GetValue<bool>()));
        }

        return entries;
    }

    private static async Task<Dictionary<ServerKey, RegistryServer>> ResolveServersAsync(
        RegistryDbContext db, Actor actor, List<Entry> entries, FieldErrors errors, CancellationToken cancellationToken, HashSet<string>? allowDeletedIds = null)
    {
        var found = new Dictionary<ServerKey, RegistryServer>();
        if (entries.Count == 0)
        {
            return found;
        }

        var registry = await RegistryLookup.FindAsync(db, actor.ProjectId, cancellationToken);
        if (registry is not null)
        {
            var names = entries.Select(e => e.Key.SavedName).Distinct().ToList();
            var servers = await db.Servers.AsNoTracking()
                .Where(s => s.RegistryId == registry.Id && names.Contains(s.SavedName))
                .ToListAsync(cancellationToken);
            foreach (var server in servers)
            {
                found[new ServerKey(server.SavedName, server.ServerVersion)] = server;
            }
        }

        foreach (var entry in entries)
        {
            var path = JsonPath.Index(ServersPath, entry.Index);
            if (!found.TryGetValue(entry.Key, out var server))
            {
                errors.Add(path, $"{entry.Key} not found in the registry");
            }
            else if (!server.IsActive && !entry.Remove && allowDeletedIds?.Contains(server.Id) != true)
            {
                errors.Add(path, $"{entry.Key} is deleted; restore it before attaching it");
            }
        }

        return found;
    }

    private static JsonObject CommonOverridesOf(JsonObject body) =>
        body["servers_config"] is JsonObject config && config["common_overrides"] is JsonObject common ? (JsonObject)common.DeepClone() : [];

    /// <summary>Per-key merge of override objects: a key present replaces, <c>null</c> removes.</summary>
    private static JsonObject MergeOverrides(JsonObject current, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                current.Remove(key);
            }
            else
            {
                current[key] = value.DeepClone();
            }
        }

        return current;
    }

    private static JsonObject WithoutNulls(JsonObject overrides) =>
        new(overrides.Where(p => p.Value is not null).Select(p => KeyValuePair.Create<string, JsonNode?>(p.Key, p.Value!.DeepClone())));

    private static bool SetIfDifferent(string currentJson, JsonObject updated, Action<string> set)
    {
        if (JsonNode.DeepEquals(ParseObject(currentJson), updated))
        {
            return false;
        }

        set(updated.ToJsonString(JsonDefaults.Options));
        return true;
    }

    private static GatewayServer NewReference(string gatewayId, string serverId, int position, JsonObject overrides) => new()
    {
        Id = Guid.CreateVersion7().ToString(),
        GatewayId = gatewayId,
        ServerId = serverId,
        Position = position,
        OverridesJson = overrides.ToJsonString(JsonDefaults.Options),
    };

    private static JsonObject ParseObject(string json) => JsonNode.Parse(json) as JsonObject ?? [];

    /// <summary>
    /// One server as a gateway serves it: its approved snapshot with the overrides applied (API.md §5.1).
    /// <paramref name="common"/> is the served form of the common overrides.
    /// </summary>
    private ExpandedServerDto ExpandOne(RegistryServer server, Reviews.ServerSnapshot? snapshot, string overridesJson, JsonObject common, bool reveal)
    {
        var overrides = ParseObject(overridesJson);
        var served = snapshot is null ? null : ParseObject(snapshot.McpConfigJson);
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

    private static string EntityName(Gateway gateway) => $"{gateway.SavedName}@{gateway.Version}";

    private static void Record(RegistryDbContext db, Actor actor, DateTime now, string action, Gateway gateway, JsonObject? before, JsonObject after) =>
        AuditLog.Record(db, actor, now, action, AuditEntities.Gateway, gateway.Id, EntityName(gateway), AuditLog.Diff(before, after), gateway.Revision);

    /// <summary>The audited view of a gateway: description, active flag, common overrides and entries by server name.</summary>
    private static JsonObject AuditDocument(Gateway gateway, Dictionary<string, ServerKey> serverNames)
    {
        var servers = new JsonObject();
        foreach (var reference in gateway.Servers.OrderBy(s => s.Position))
        {
            var name = serverNames.TryGetValue(reference.ServerId, out var key) ? $"{key.SavedName}@{key.ServerVersion}" : reference.ServerId;
            servers[name] = ParseObject(reference.OverridesJson);
        }

        return new JsonObject
        {
            ["description"] = gateway.Description,
            ["is_active"] = gateway.IsActive,
            ["common_overrides"] = ParseObject(gateway.CommonOverridesJson),
            ["servers"] = servers,
        };
    }

    private static async Task<Dictionary<string, ServerKey>> LoadNamesAsync(RegistryDbContext db, List<string> serverIds, CancellationToken cancellationToken) =>
        await db.Servers.AsNoTracking().Where(s => serverIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => new ServerKey(s.SavedName, s.ServerVersion), cancellationToken);

    private static Error NotFound(GatewayKey key) => Error.NotFound($"{key} not found");

    private static Task<string?> FindIdAsync(RegistryDbContext db, GatewayKey key, Actor actor, CancellationToken cancellationToken) =>
        db.Gateways.AsNoTracking()
            .Where(g => g.ProjectId == actor.ProjectId && g.SavedName == key.SavedName && g.Version == key.Version)
            .Select(g => g.Id)
            .FirstOrDefaultAsync(cancellationToken);

    private sealed record ReferenceRow(string GatewayId, int Position, string SavedName, string ServerVersion, string OverridesJson);

    private static async Task<ILookup<string, ReferenceRow>> LoadReferencesAsync(RegistryDbContext db, List<string> gatewayIds, CancellationToken cancellationToken)
    {
        var rows = await db.GatewayServers.AsNoTracking()
            .Where(s => gatewayIds.Contains(s.GatewayId))
            .Join(db.Servers.AsNoTracking(), s => s.ServerId, server => server.Id,
                (s, server) => new ReferenceRow(s.GatewayId, s.Position, server.SavedName, server.ServerVersion, s.OverridesJson))
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Position).ToLookup(r => r.GatewayId);
    }

    private static async Task<Result<GatewayDto>> LoadDtoAsync(RegistryDbContext db, string id, Actor actor, CancellationToken cancellationToken)
    {
        var gateway = await db.Gateways.AsNoTracking().FirstAsync(g => g.Id == id, cancellationToken);
        var references = await LoadReferencesAsync(db, [id], cancellationToken);
        return ToDto(gateway, references, actor);
    }

    private static GatewayDto ToDto(Gateway gateway, ILookup<string, ReferenceRow> references, Actor actor) => new()
    {
        GatewaySavedName = gateway.SavedName,
        GatewayVersion = gateway.Version,
        Description = gateway.Description,
        ServersConfig = new GatewayServersConfigDto(
            ParseObject(gateway.CommonOverridesJson),
            references[gateway.Id].Select(r =>
            {
                var entry = new JsonObject { ["saved_name"] = r.SavedName, ["server_version"] = r.ServerVersion };
                foreach (var (key, value) in ParseObject(r.OverridesJson))
                {
                    entry[key] = value?.DeepClone();
                }

                return entry;
            }).ToList()),
        GatewayId = gateway.Id,
        ProjectName = actor.ProjectName,
        IsActive = gateway.IsActive,
        IsSample = gateway.IsSample,
        Revision = gateway.Revision,
        CreatedAt = gateway.CreatedAt,
        UpdatedAt = gateway.UpdatedAt,
        DeletedAt = gateway.DeletedAt,
        CreatedBy = gateway.CreatedBy,
        UpdatedBy = gateway.UpdatedBy,
        DeletedBy = gateway.DeletedBy,
    };
}
