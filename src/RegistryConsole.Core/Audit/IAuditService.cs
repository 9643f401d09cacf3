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

    /// <summary>
    /// The distinct actor names in the project's audit log that contain <paramref name="search"/> (any case; all when
    /// empty), alphabetical, at most <paramref name="limit"/> (1–50): suggestions for the audit log's actor filter.
    /// </summary>
    Task<Result<IReadOnlyList<string>>> ListActorsAsync(string? search, int limit, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Records a failed console sign-in (the user's project, or the default project when no such user exists).</summary>
    Task RecordSignInFailureAsync(string attemptedEmail, ApplicationUser? user, string outcome, CancellationToken cancellationToken = default);
}
