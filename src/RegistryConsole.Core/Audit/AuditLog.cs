using System.Text.Json.Nodes;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Core.Audit;

/// <summary>
/// Adds audit events to the context of the change they record, so one SaveChanges stores both or neither.
/// </summary>
public static class AuditLog
{
    public static AuditEvent Record(
        RegistryDbContext db,
        Actor actor,
        DateTime at,
        string action,
        string entityType,
        string entityId,
        string entityName,
        IReadOnlyList<Change> changes,
        int? revision = null,
        string? note = null)
    {
        var auditEvent = new AuditEvent
        {
            Id = Guid.CreateVersion7().ToString(),
            ProjectId = actor.ProjectId,
            At = at,
            Actor = actor.Name,
            ActorId = actor.Id,
            Channel = actor.Channel.ToString().ToLowerInvariant(),
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            EntityName = entityName,
            EntityNameFolded = TextFolding.Fold(entityName),
            ActorFolded = TextFolding.Fold(actor.Name),
            Revision = revision,
            Changes = JsonDiff.ToArray(changes),
            Note = note,
        };
        db.AuditEvents.Add(auditEvent);
        return auditEvent;
    }

    /// <summary>Changes between two documents that hold no secrets.</summary>
    public static IReadOnlyList<Change> Diff(JsonObject? before, JsonObject? after) => JsonDiff.Changes(before, after, before, after);
}
