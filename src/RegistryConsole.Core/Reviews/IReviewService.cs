using System.Text.Json.Nodes;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Core.Reviews;

/// <summary>The security review of servers (API.md §4) and the project settings that govern it.</summary>
public interface IReviewService
{
    /// <summary>Approves or rejects the pending revision. Conflict when nothing is pending; Forbidden for the author while a distinct reviewer is required.</summary>
    Task<Result<ServerDto>> ReviewAsync(ServerKey key, JsonObject body, int? expectedRevision, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Pending servers, oldest change first.</summary>
    Task<Result<Page<ServerDto>>> ListPendingAsync(PageRequest page, Actor actor, CancellationToken cancellationToken = default);

    Task<int> CountPendingAsync(Actor actor, CancellationToken cancellationToken = default);

    /// <summary>The served snapshot, the pending revision and the automatic findings of one server.</summary>
    Task<Result<ServerReviewDto>> GetReviewAsync(ServerKey key, Actor actor, CancellationToken cancellationToken = default);

    Task<Result<ProjectSettingsDto>> GetSettingsAsync(Actor actor, CancellationToken cancellationToken = default);

    Task<Result<ProjectSettingsDto>> ModifySettingsAsync(JsonObject body, Actor actor, CancellationToken cancellationToken = default);
}
