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
/// Gateways: the writes (merge rules in <see cref="GatewayPatch"/>, lifecycle in <see cref="Lifecycle"/>), reads and
/// lists. The expanded config and the counts by server are <see cref="GatewayConfigReader"/>'s.
/// </summary>
public sealed class GatewayService(
    IDbContextFactory<RegistryDbContext> dbFactory,
    ISecretProtector protector,
    TimeProvider clock,
    IChangeStampReader? stamps = null) : IGatewayService
{
    private static readonly GatewayBodyValidator AddValidator = new(isPatch: false);
    private static readonly GatewayBodyValidator PatchValidator = new(isPatch: true);

    private readonly GatewayConfigReader _reader = new(dbFactory, protector, stamps ?? new DatabaseChangeStampReader(dbFactory));

    public async Task<Result<GatewayDto>> AddAsync(JsonObject body, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.WriteRegistry) is { } forbidden)
        {
            return forbidden;
        }

        var errors = new FieldErrors();
        var typed = StrictJson.Read(body, AddValidator, string.Empty, errors);
        var entries = typed is null ? [] : GatewayPatch.ReadEntries(body, errors);
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

        if (await db.Gateways.WithKey(actor.ProjectId, key).AnyAsync(cancellationToken))
        {
            return Error.Conflict($"{key} already exists");
        }

        var gateway = NewGateway(key, typed.Description, GatewayPatch.CommonOverridesOf(body), actor);
        for (var i = 0; i < entries.Count; i++)
        {
            gateway.Servers.Add(GatewayPatch.NewReference(gateway.Id, resolved[entries[i].Key].Id, i, entries[i].Overrides));
        }

        db.Gateways.Add(gateway);
        var names = resolved.Values.ToDictionary(s => s.Id, s => new ServerKey(s.SavedName, s.ServerVersion));
        GatewayRows.Record(db, actor, gateway.CreatedAt, "gateway.add", gateway, null, GatewayRows.AuditDocument(gateway, names));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            return Error.Conflict($"{key} already exists");
        }

        return await GatewayRows.LoadDtoAsync(db, gateway.Id, actor, cancellationToken);
    }

    public async Task<Result<GatewayDto>> GetAsync(GatewayKey key, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.ReadRegistry) is { } forbidden)
        {
            return forbidden;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var id = await db.Gateways.AsNoTracking().WithKey(actor.ProjectId, key).Select(g => g.Id).FirstOrDefaultAsync(cancellationToken);
        return id is null ? GatewayRows.NotFound(key) : await GatewayRows.LoadDtoAsync(db, id, actor, cancellationToken);
    }

    public async Task<Result<GatewayDto>> ModifyAsync(GatewayKey key, JsonObject patch, int? expectedRevision, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.WriteRegistry) is { } forbidden)
        {
            return forbidden;
        }

        var errors = new FieldErrors();
        var (typed, entries) = ReadModify(key, patch, errors);
        if (typed is null)
        {
            return errors.ToError();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var gateway = await db.Gateways.Include(g => g.Servers).FindGatewayAsync(actor.ProjectId, key, cancellationToken);
        if (gateway is null)
        {
            return GatewayRows.NotFound(key);
        }

        var restore = typed.IsActive == true && !gateway.IsActive;
        if (Lifecycle.CheckModify(gateway, expectedRevision, key, restore) is { } refused)
        {
            return refused;
        }

        // Entries naming servers not yet attached must resolve to existing servers.
        var serverNames = await GatewayRows.LoadNamesAsync(db, gateway, cancellationToken);
        var before = GatewayRows.AuditDocument(gateway, serverNames);
        var resolved = await ResolveServersAsync(db, actor, entries, errors, cancellationToken, allowDeletedIds: serverNames.Keys.ToHashSet());
        var changed = errors.IsEmpty && Apply(db, gateway, patch, typed.Description, entries, resolved, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToError();
        }

        AddNames(serverNames, resolved.Values);
        return (changed || restore) && await SaveChangedAsync(db, gateway, key, restore, before, serverNames, actor, cancellationToken) is { } conflict
            ? conflict
            : await GatewayRows.LoadDtoAsync(db, gateway.Id, actor, cancellationToken);
    }

    /// <summary>Restores a deleted gateway (the same as modify-gateway with <c>"is_active": true</c>); an active one is returned unchanged.</summary>
    public Task<Result<GatewayDto>> RestoreAsync(GatewayKey key, int? expectedRevision, Actor actor, CancellationToken cancellationToken = default) =>
        ModifyAsync(key, new JsonObject { ["is_active"] = true }, expectedRevision, actor, cancellationToken);

    public async Task<Result<GatewayDto>> DeleteAsync(GatewayKey key, int? expectedRevision, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.WriteRegistry) is { } forbidden)
        {
            return forbidden;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var gateway = await db.Gateways.Include(g => g.Servers).FindGatewayAsync(actor.ProjectId, key, cancellationToken);
        if (gateway is null)
        {
            return GatewayRows.NotFound(key);
        }

        var serverNames = await GatewayRows.LoadNamesAsync(db, gateway, cancellationToken);
        var before = GatewayRows.AuditDocument(gateway, serverNames);
        if (Lifecycle.SoftDelete(gateway, expectedRevision, key, actor, clock.GetUtcNow().UtcDateTime) is { } refused)
        {
            return refused;
        }

        GatewayRows.Record(db, actor, gateway.UpdatedAt, "gateway.delete", gateway, before, GatewayRows.AuditDocument(gateway, serverNames));
        return await Lifecycle.SaveAsync(db, key, lastUse: false, cancellationToken) is { } conflict
            ? conflict
            : await GatewayRows.LoadDtoAsync(db, gateway.Id, actor, cancellationToken);
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

        if (TextFolding.Term(query.Search) is { } term)
        {
            gateways = gateways.Where(g => g.SearchText.Contains(term));
        }

        var total = await gateways.CountAsync(cancellationToken);
        var rows = await gateways.OrderBy(g => g.SavedName).ThenBy(g => g.Version)
            .TakePage(new PageRequest(query.Page, query.PerPage))
            .ToListAsync(cancellationToken);
        var references = await GatewayRows.LoadReferencesAsync(db, rows.Select(r => r.Id).ToList(), cancellationToken);
        return new Page<GatewayDto>(rows.Select(g => GatewayRows.ToDto(g, references, actor)).ToList(), query.Page, query.PerPage, total);
    }

    public Task<Result<GatewayConfigDto>> GetConfigAsync(GatewayKey key, Actor actor, CancellationToken cancellationToken = default) =>
        _reader.GetConfigAsync(key, actor, cancellationToken);

    public Task<Result<GatewayConfigDto>> GetMaskedConfigAsync(GatewayKey key, Actor actor, CancellationToken cancellationToken = default) =>
        _reader.GetMaskedConfigAsync(key, actor, cancellationToken);

    public Task<Result<IReadOnlyDictionary<string, ExpandedServerDto>>> ExpandForServerAsync(ServerKey key, Actor actor, CancellationToken cancellationToken = default) =>
        _reader.ExpandForServerAsync(key, actor, cancellationToken);

    public Task<Result<IReadOnlyDictionary<string, ExpandedServerDto>>> ExpandForServerMaskedAsync(ServerKey key, Actor actor, CancellationToken cancellationToken = default) =>
        _reader.ExpandForServerMaskedAsync(key, actor, cancellationToken);

    public Task<Result<IReadOnlyDictionary<ServerKey, int>>> CountByServerAsync(IReadOnlyCollection<ServerKey> keys, Actor actor, CancellationToken cancellationToken = default) =>
        _reader.CountByServerAsync(keys, actor, cancellationToken);

    /// <summary>Adds the servers newly resolved for a patch to the names the audit document shows.</summary>
    private static void AddNames(Dictionary<string, ServerKey> serverNames, IEnumerable<RegistryServer> servers)
    {
        foreach (var server in servers)
        {
            serverNames[server.Id] = new ServerKey(server.SavedName, server.ServerVersion);
        }
    }

    private static async Task<Dictionary<ServerKey, RegistryServer>> ResolveServersAsync(
        RegistryDbContext db, Actor actor, List<GatewayEntry> entries, FieldErrors errors, CancellationToken cancellationToken, HashSet<string>? allowDeletedIds = null)
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
            var path = JsonPath.Index(GatewayPatch.ServersPath, entry.Index);
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

    /// <summary>Reads a modify-gateway patch: its typed fields and server entries, or a null body with errors.</summary>
    private static (GatewayBody? Typed, List<GatewayEntry> Entries) ReadModify(GatewayKey key, JsonObject patch, FieldErrors errors)
    {
        var typed = StrictJson.Read(patch, PatchValidator, string.Empty, errors);
        GatewayPatch.CheckModify(key, patch, errors);
        var entries = typed is null ? [] : GatewayPatch.ReadEntries(patch, errors);
        return (errors.IsEmpty ? typed : null, entries);
    }

    private Gateway NewGateway(GatewayKey key, string? description, JsonObject commonOverrides, Actor actor)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new Gateway
        {
            Id = Guid.CreateVersion7().ToString(),
            ProjectId = actor.ProjectId,
            SavedName = key.SavedName,
            Version = key.Version,
            Description = description,
            CommonOverrides = commonOverrides,
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = actor.Name,
            UpdatedBy = actor.Name,
        };
    }

    /// <summary>Applies a patch's fields and entries to the tracked gateway (detached references are deleted); whether anything changed.</summary>
    private static bool Apply(RegistryDbContext db, Gateway gateway, JsonObject patch, string? description, List<GatewayEntry> entries, Dictionary<ServerKey, RegistryServer> resolved, FieldErrors errors)
    {
        var removed = new List<GatewayServer>();
        var fieldsChanged = GatewayPatch.ApplyFields(gateway, patch, description);
        var entriesChanged = GatewayPatch.ApplyEntries(gateway, entries, resolved.ToDictionary(p => p.Key, p => p.Value.Id), errors, removed);
        db.GatewayServers.RemoveRange(removed);
        return fieldsChanged || entriesChanged;
    }

    /// <summary>A new revision of a changed gateway (restored when asked), audited in full, saved; 412 on a concurrent change.</summary>
    private async Task<Error?> SaveChangedAsync(RegistryDbContext db, Gateway gateway, GatewayKey key, bool restore, JsonObject before, Dictionary<string, ServerKey> serverNames, Actor actor, CancellationToken cancellationToken)
    {
        if (restore)
        {
            Lifecycle.Restore(gateway);
        }

        Lifecycle.Touch(gateway, actor, clock.GetUtcNow().UtcDateTime);
        GatewayRows.Record(db, actor, gateway.UpdatedAt, restore ? "gateway.restore" : "gateway.modify", gateway, before, GatewayRows.AuditDocument(gateway, serverNames));
        return await Lifecycle.SaveAsync(db, key, lastUse: false, cancellationToken);
    }
}
