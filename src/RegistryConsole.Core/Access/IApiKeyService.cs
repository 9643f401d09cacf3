using System.Text.Json.Nodes;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Core.Access;

/// <summary>API keys (API.md §1.2, §6): stored as hashes, shown once, revocable.</summary>
public interface IApiKeyService
{
    /// <summary>Creates a key from <c>{name, role}</c>; the plain key is in the result and nowhere else, ever.</summary>
    Task<Result<CreatedApiKey>> CreateAsync(JsonObject body, Actor actor, CancellationToken cancellationToken = default);

    Task<Result<IReadOnlyList<ApiKeyDto>>> ListAsync(Actor actor, CancellationToken cancellationToken = default);

    Task<Result<ApiKeyDto>> RevokeAsync(string id, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>The actor a presented key stands for, or null when it is unknown or revoked. Records <c>last_used_at</c>.</summary>
    Task<Actor?> AuthenticateAsync(string presentedKey, CancellationToken cancellationToken = default);
}
