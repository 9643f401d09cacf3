using System.Text.Json.Nodes;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Core.Access;

/// <summary>Console users (API.md §6): admins list, create and modify them; nobody deletes them; everyone changes their own password.</summary>
public interface IUserService
{
    Task<Result<IReadOnlyList<UserDto>>> ListAsync(Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Creates a user from <c>{email, display_name, role, password}</c>; the password must be changed at first sign-in.</summary>
    Task<Result<UserDto>> CreateAsync(JsonObject body, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Changes any of <c>role, display_name, disabled, unlock, password</c>. The last enabled admin stays one (409).</summary>
    Task<Result<UserDto>> ModifyAsync(string id, JsonObject body, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>The signed-in user changes their own password (current one required); clears "must change password".</summary>
    Task<Result<UserDto>> ChangeOwnPasswordAsync(Actor actor, string currentPassword, string newPassword, CancellationToken cancellationToken = default);

    /// <summary>Records a successful sign-in (<c>last_sign_in_at</c>).</summary>
    Task RecordSignInAsync(string userId, CancellationToken cancellationToken = default);
}
