using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Core.Audit;

/// <summary>Reads the audit log; writing happens inside each change's own transaction (<see cref="AuditLog"/>).</summary>
public interface IAuditService
{
    /// <summary>Audit events of one server, newest first.</summary>
    Task<Result<Page<ServerHistoryEntryDto>>> ServerHistoryAsync(ServerKey key, PageRequest page, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Every event of the project, newest first, filtered.</summary>
    Task<Result<Page<AuditEventDto>>> ListAsync(AuditQuery query, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Records an event that changes nothing else (a failed sign-in), in a transaction of its own.</summary>
    Task RecordAsync(Actor actor, string action, string entityType, string entityId, string entityName, string? note, CancellationToken cancellationToken = default);
}
