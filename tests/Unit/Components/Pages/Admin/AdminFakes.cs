using System.Text.Json.Nodes;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Tests.Unit.Components.Pages.Admin;

/// <summary>A hand-written <see cref="IUserService"/>: a list, and every call recorded.</summary>
public sealed class FakeUserService : IUserService
{
    public List<UserDto> Users { get; } = [];

    public List<(string Id, JsonObject Body)> Modified { get; } = [];

    public List<JsonObject> Created { get; } = [];

    public Task<Result<IReadOnlyList<UserDto>>> ListAsync(Actor actor, CancellationToken cancellationToken = default) =>
        Task.FromResult<Result<IReadOnlyList<UserDto>>>(Users.ToList());

    public Task<Result<UserDto>> CreateAsync(JsonObject body, Actor actor, CancellationToken cancellationToken = default)
    {
        Created.Add(body);
        var user = User(body["email"]!.GetValue<string>(), body["role"]!.GetValue<string>()) with { MustChangePassword = true };
        Users.Add(user);
        return Task.FromResult<Result<UserDto>>(user);
    }

    public Task<Result<UserDto>> ModifyAsync(string id, JsonObject body, Actor actor, CancellationToken cancellationToken = default)
    {
        Modified.Add((id, body));
        var index = Users.FindIndex(u => u.Id == id);
        var user = Users[index] with
        {
            Disabled = body["disabled"]?.GetValue<bool>() ?? Users[index].Disabled,
            Role = body["role"]?.GetValue<string>() ?? Users[index].Role,
        };
        Users[index] = user;
        return Task.FromResult<Result<UserDto>>(user);
    }

    public Task<Result<UserDto>> ChangeOwnPasswordAsync(Actor actor, string currentPassword, string newPassword, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task RecordSignInAsync(string userId, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public static UserDto User(string email, string role, bool disabled = false, bool lockedOut = false) => new()
    {
        Id = "id-" + email,
        Email = email,
        DisplayName = email.Split('@')[0],
        Role = role,
        Disabled = disabled,
        LockedOut = lockedOut,
        CreatedAt = new DateTime(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc),
    };
}

/// <summary>A hand-written <see cref="IApiKeyService"/>.</summary>
public sealed class FakeApiKeyService : IApiKeyService
{
    public List<ApiKeyDto> Keys { get; } = [];

    public List<JsonObject> Created { get; } = [];

    public List<string> Revoked { get; } = [];

    public Task<Result<CreatedApiKey>> CreateAsync(JsonObject body, Actor actor, CancellationToken cancellationToken = default)
    {
        Created.Add(body);
        var name = body["name"]!.GetValue<string>();
        return Task.FromResult<Result<CreatedApiKey>>(new CreatedApiKey("new-id", name, body["role"]!.GetValue<string>(), "rck_Abcd", null, actor.Name,
            DateTime.UtcNow, null, "rck_AbcdTheWholeSecretKeyShownOnce"));
    }

    public Task<Result<IReadOnlyList<ApiKeyDto>>> ListAsync(Actor actor, CancellationToken cancellationToken = default) =>
        Task.FromResult<Result<IReadOnlyList<ApiKeyDto>>>(Keys.ToList());

    public Task<Result<ApiKeyDto>> RevokeAsync(string id, Actor actor, CancellationToken cancellationToken = default)
    {
        Revoked.Add(id);
        var index = Keys.FindIndex(k => k.Id == id);
        Keys[index] = Keys[index] with { RevokedAt = DateTime.UtcNow };
        return Task.FromResult<Result<ApiKeyDto>>(Keys[index]);
    }

    public Task<Actor?> AuthenticateAsync(string presentedKey, CancellationToken cancellationToken = default) => Task.FromResult<Actor?>(null);

    public static ApiKeyDto Key(string name, DateTime? lastUsed = null, bool expired = false, string? issuedTo = null) => new()
    {
        Id = "id-" + name,
        Name = name,
        Role = RoleNames.Editor,
        Prefix = "rck_" + name[..4],
        IssuedTo = issuedTo,
        CreatedAt = new DateTime(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc),
        CreatedBy = "admin",
        LastUsedAt = lastUsed,
        ExpiresAt = expired ? new DateTime(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc) : null,
        IsExpired = expired,
    };
}
