using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Audit;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Core.Gateways;

/// <summary>Gateway rows: the lookup by (project, name, version), their DTO, and their audited view.</summary>
internal static class GatewayRows
{
    /// <summary>The project's gateway with this name and version; one query scope for every lookup by key.</summary>
    public static IQueryable<Gateway> WithKey(this IQueryable<Gateway> gateways, string projectId, GatewayKey key) =>
        gateways.Where(g => g.ProjectId == projectId && g.SavedName == key.SavedName && g.Version == key.Version);

    /// <summary>One gateway version of the project (one query), or null.</summary>
    public static Task<Gateway?> FindGatewayAsync(this IQueryable<Gateway> gateways, string projectId, GatewayKey key, CancellationToken cancellationToken) =>
        gateways.WithKey(projectId, key).FirstOrDefaultAsync(cancellationToken);

    public static Common.Error NotFound(GatewayKey key) => Common.Error.NotFound($"{key} not found");

    public static string EntityName(Gateway gateway) => $"{gateway.SavedName}@{gateway.Version}";

    /// <summary>Records an audit event of a gateway, the change found between two <see cref="AuditDocument"/>s.</summary>
    public static void Record(RegistryDbContext db, Actor actor, DateTime now, string action, Gateway gateway, JsonObject? before, JsonObject after) =>
        AuditLog.Record(db, actor, now, action, AuditEntities.Gateway, gateway.Id, EntityName(gateway), AuditLog.Diff(before, after), gateway.Revision);

    /// <summary>The audited view of a gateway: description, active flag, common overrides and entries by server name.</summary>
    public static JsonObject AuditDocument(Gateway gateway, IReadOnlyDictionary<string, ServerKey> serverNames)
    {
        var servers = new JsonObject();
        foreach (var reference in gateway.Servers.OrderBy(s => s.Position))
        {
            var name = serverNames.TryGetValue(reference.ServerId, out var key) ? $"{key.SavedName}@{key.ServerVersion}" : reference.ServerId;
            servers[name] = reference.Overrides.DeepClone();
        }

        return new JsonObject
        {
            ["description"] = gateway.Description,
            ["is_active"] = gateway.IsActive,
            ["common_overrides"] = gateway.CommonOverrides.DeepClone(),
            ["servers"] = servers,
        };
    }

    /// <summary>The names of the servers a gateway references, by server id (for its audit document).</summary>
    public static async Task<Dictionary<string, ServerKey>> LoadNamesAsync(RegistryDbContext db, Gateway gateway, CancellationToken cancellationToken)
    {
        var serverIds = gateway.Servers.Select(s => s.ServerId).ToList();
        return await db.Servers.AsNoTracking().Where(s => serverIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => new ServerKey(s.SavedName, s.ServerVersion), cancellationToken);
    }

    public sealed record ReferenceRow(string GatewayId, int Position, string SavedName, string ServerVersion, JsonObject Overrides);

    public static async Task<ILookup<string, ReferenceRow>> LoadReferencesAsync(RegistryDbContext db, List<string> gatewayIds, CancellationToken cancellationToken)
    {
        var rows = await db.GatewayServers.AsNoTracking()
            .Where(s => gatewayIds.Contains(s.GatewayId))
            .Join(db.Servers.AsNoTracking(), s => s.ServerId, server => server.Id,
                (s, server) => new ReferenceRow(s.GatewayId, s.Position, server.SavedName, server.ServerVersion, s.Overrides))
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Position).ToLookup(r => r.GatewayId);
    }

    public static async Task<GatewayDto> LoadDtoAsync(RegistryDbContext db, string id, Actor actor, CancellationToken cancellationToken)
    {
        var gateway = await db.Gateways.AsNoTracking().FirstAsync(g => g.Id == id, cancellationToken);
        var references = await LoadReferencesAsync(db, [id], cancellationToken);
        return ToDto(gateway, references, actor);
    }

    public static GatewayDto ToDto(Gateway gateway, ILookup<string, ReferenceRow> references, Actor actor) => new()
    {
        GatewaySavedName = gateway.SavedName,
        GatewayVersion = gateway.Version,
        Description = gateway.Description,
        ServersConfig = new GatewayServersConfigDto(gateway.CommonOverrides, references[gateway.Id].Select(EntryOf).ToList()),
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

    /// <summary>An entry of <c>servers_config.servers</c>: name, version, then the overrides.</summary>
    private static JsonObject EntryOf(ReferenceRow reference)
    {
        var entry = new JsonObject { ["saved_name"] = reference.SavedName, ["server_version"] = reference.ServerVersion };
        foreach (var (key, value) in reference.Overrides)
        {
            entry[key] = value?.DeepClone();
        }

        return entry;
    }
}
