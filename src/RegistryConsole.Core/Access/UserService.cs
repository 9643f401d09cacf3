using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using RegistryConsole.Core.Audit;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Core.Access;

/// <summary>
/// Users on ASP.NET Core Identity. Each call runs in its own DI scope, so the Identity store and the audit event share one
/// <see cref="RegistryDbContext"/> and one transaction: the change and its audit event are stored together or not at all.
/// </summary>
public sealed class UserService(IServiceScopeFactory scopes, TimeProvider clock, UserSessionSignals sessions) : IUserService
{
    private static readonly CreateUserRequestValidator CreateValidator = new();
    private static readonly ModifyUserRequestValidator ModifyValidator = new();

    public async Task<Result<IReadOnlyList<UserDto>>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.Administer) is { } forbidden)
        {
            return forbidden;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        var users = await db.Users.AsNoTracking().Where(u => u.ProjectId == actor.ProjectId).OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var roles = await RolesByUserAsync(db, users.Select(u => u.Id).ToList(), cancellationToken);
        var now = clock.GetUtcNow();
        return users.Select(u => ToDto(u, roles.GetValueOrDefault(u.Id), now)).ToList();
    }

    public async Task<Result<UserDto>> CreateAsync(JsonObject body, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.Administer) is { } forbidden)
        {
            return forbidden;
        }

        var errors = new FieldErrors();
        var request = StrictJson.Read(body, CreateValidator, string.Empty, errors);
        if (request is null)
        {
            return errors.ToError();
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        var user = NewUser(request, actor.ProjectId);
        if (await PasswordProblemAsync(users, user, request.Password!) is { } weak)
        {
            return weak;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await users.FindByEmailAsync(request.Email!) is not null)
        {
            return Error.Conflict($"A user with the email '{request.Email}' already exists");
        }

        if (Failed(await users.CreateAsync(user, request.Password!), "email") is { } failed)
        {
            return failed;
        }

        AuditLog.Record(db, actor, user.CreatedAt, "user.create", AuditEntities.User, user.Id, user.Email!,
            AuditLog.Diff(null, AuditDocument(user, request.Role)));
        if (Failed(await users.AddToRoleAsync(user, request.Role!), "role") is { } roleFailed)
        {
            return roleFailed;
        }

        await transaction.CommitAsync(cancellationToken);
        return ToDto(user, request.Role, clock.GetUtcNow());
    }

    public async Task<Result<UserDto>> ModifyAsync(string id, JsonObject body, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.Administer) is { } forbidden)
        {
            return forbidden;
        }

        var errors = new FieldErrors();
        var request = StrictJson.Read(body, ModifyValidator, string.Empty, errors);
        if (request is null)
        {
            return errors.ToError();
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();

        // BEGIN IMMEDIATE on SQLite, a project lock on PostgreSQL: two admins demoting each other at the same moment cannot
        // both pass the last-admin check.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await RowLocks.LockProjectAsync(db, actor.ProjectId, cancellationToken);
        var user = await users.Users.FirstOrDefaultAsync(u => u.Id == id && u.ProjectId == actor.ProjectId, cancellationToken);
        if (user is null)
        {
            return Error.NotFound($"User '{id}' not found");
        }

        return await ApplyModifyAsync(users, db, transaction, user, request, actor, cancellationToken);
    }

    public async Task<Result<UserDto>> ChangeOwnPasswordAsync(Actor actor, string currentPassword, string newPassword, CancellationToken cancellationToken = default)
    {
        if (actor.KeyId is not null || actor.Channel != Channel.Console)
        {
            return Error.Forbidden("Only a signed-in console user changes their own password");
        }

        if (NewPasswordProblem(currentPassword, newPassword) is { } invalid)
        {
            return invalid;
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        var user = await users.Users.FirstOrDefaultAsync(u => u.Id == actor.Id && u.ProjectId == actor.ProjectId, cancellationToken);
        if (user is null || user.IsDisabled)
        {
            return Error.NotFound("Your account no longer exists or is disabled");
        }

        if (!await users.CheckPasswordAsync(user, currentPassword))
        {
            return Error.Validation("current_password", "is not your current password");
        }

        if (await PasswordProblemAsync(users, user, newPassword, "new_password") is { } weak)
        {
            return weak;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var wasForced = user.MustChangePassword;
        user.MustChangePassword = false;
        AuditLog.Record(db, actor, clock.GetUtcNow().UtcDateTime, "user.change_password", AuditEntities.User, user.Id, user.Email ?? user.Id,
            AuditLog.Diff(new JsonObject { ["must_change_password"] = wasForced }, new JsonObject { ["must_change_password"] = false }));
        if (Failed(await users.ChangePasswordAsync(user, currentPassword, newPassword), "new_password") is { } failed)
        {
            return failed;
        }

        await transaction.CommitAsync(cancellationToken);
        var role = (await RolesByUserAsync(db, [user.Id], cancellationToken)).GetValueOrDefault(user.Id);
        return ToDto(user, role, clock.GetUtcNow());
    }

    public async Task RecordSignInAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSignInAt, now), cancellationToken);
    }

    private ApplicationUser NewUser(CreateUserRequest request, string projectId) => new()
    {
        UserName = request.Email,
        Email = request.Email,
        EmailConfirmed = true,
        ProjectId = projectId,
        DisplayName = request.DisplayName!.Trim(),
        MustChangePassword = true,
        CreatedAt = clock.GetUtcNow().UtcDateTime,
    };

    /// <summary>The checks on a new own password that need neither the database nor the password validators.</summary>
    private static Error? NewPasswordProblem(string currentPassword, string newPassword)
    {
        if (newPassword.Length > UserRules.MaxPasswordLength)
        {
            return Error.Validation("new_password", $"must be at most {UserRules.MaxPasswordLength} characters");
        }

        return newPassword == currentPassword ? Error.Validation("new_password", "must differ from the current password") : null;
    }

    /// <summary>The checks and changes of <see cref="ModifyAsync"/> once the user is found and the project locked.</summary>
    private async Task<Result<UserDto>> ApplyModifyAsync(
        UserManager<ApplicationUser> users, RegistryDbContext db, IDbContextTransaction transaction, ApplicationUser user, ModifyUserRequest request,
        Actor actor, CancellationToken cancellationToken)
    {
        var roleBefore = (await RolesByUserAsync(db, [user.Id], cancellationToken)).GetValueOrDefault(user.Id);
        var before = AuditDocument(user, roleBefore);
        var roleAfter = request.Role ?? roleBefore;
        if (await ModifyProblemAsync(users, db, actor.ProjectId, user, request, roleBefore, roleAfter, cancellationToken) is { } problem)
        {
            return problem;
        }

        var endSessions = ApplyChanges(users, user, request) || roleAfter != roleBefore;
        if (roleAfter != roleBefore && await ChangeRoleAsync(users, user, roleBefore, roleAfter!) is { } roleFailed)
        {
            return roleFailed;
        }

        if (endSessions)
        {
            // A new stamp invalidates every cookie and circuit of this user (the console checks it on each request).
            user.SecurityStamp = Guid.NewGuid().ToString("N");
        }

        RecordModify(db, actor, user, before, roleAfter, passwordReset: request.Password is not null);
        if (Failed(await users.UpdateAsync(user), "body") is { } updateFailed)
        {
            return updateFailed;
        }

        await transaction.CommitAsync(cancellationToken);
        if (endSessions)
        {
            sessions.End(user.Id);
        }

        return ToDto(user, roleAfter, clock.GetUtcNow());
    }

    /// <summary>
    /// Refuses to take the admin role away from, or to disable, the last enabled admin of the project, and refuses a weak
    /// new password.
    /// </summary>
    private static async Task<Error?> ModifyProblemAsync(
        UserManager<ApplicationUser> users, RegistryDbContext db, string projectId, ApplicationUser user, ModifyUserRequest request, string? roleBefore,
        string? roleAfter, CancellationToken cancellationToken)
    {
        var wasEnabledAdmin = roleBefore == RoleNames.Admin && !user.IsDisabled;
        var disabledAfter = request.Disabled ?? user.IsDisabled;
        if (wasEnabledAdmin && (roleAfter != RoleNames.Admin || disabledAfter)
            && !await OtherEnabledAdminExistsAsync(db, projectId, user.Id, cancellationToken))
        {
            return Error.Conflict($"'{user.Email}' is the last enabled admin of the project; make another user an admin first");
        }

        return request.Password is null ? null : await PasswordProblemAsync(users, user, request.Password);
    }

    /// <summary>Applies the name, disabled, unlock and password fields of the request; true when the user's sessions must end.</summary>
    private static bool ApplyChanges(UserManager<ApplicationUser> users, ApplicationUser user, ModifyUserRequest request)
    {
        var endSessions = false;
        if (request.DisplayName is not null)
        {
            user.DisplayName = request.DisplayName.Trim();
        }

        if (request.Disabled is { } disabled && disabled != user.IsDisabled)
        {
            user.IsDisabled = disabled;
            endSessions |= disabled;
        }

        if (request.Unlock is true)
        {
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
        }

        if (request.Password is not null)
        {
            user.PasswordHash = users.PasswordHasher.HashPassword(user, request.Password);
            user.MustChangePassword = true;
            endSessions = true;
        }

        return endSessions;
    }

    private static async Task<Error?> ChangeRoleAsync(UserManager<ApplicationUser> users, ApplicationUser user, string? roleBefore, string roleAfter)
    {
        if (roleBefore is not null && Failed(await users.RemoveFromRoleAsync(user, roleBefore), "role") is { } removeFailed)
        {
            return removeFailed;
        }

        return Failed(await users.AddToRoleAsync(user, roleAfter), "role");
    }

    private void RecordModify(RegistryDbContext db, Actor actor, ApplicationUser user, JsonObject before, string? roleAfter, bool passwordReset)
    {
        var after = AuditDocument(user, roleAfter);
        if (passwordReset)
        {
            after["password"] = "reset";
        }

        var changes = AuditLog.Diff(before, after);
        if (changes.Count > 0)
        {
            AuditLog.Record(db, actor, clock.GetUtcNow().UtcDateTime, "user.modify", AuditEntities.User, user.Id, user.Email ?? user.Id, changes);
        }
    }

    private static async Task<Error?> PasswordProblemAsync(UserManager<ApplicationUser> users, ApplicationUser user, string password, string field = "password")
    {
        var messages = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            messages.AddRange(result.Errors.Select(e => e.Description));
        }

        return messages.Count == 0 ? null : Error.Validation(new Dictionary<string, string[]> { [field] = [.. messages] });
    }

    private static Error? Failed(IdentityResult result, string field) =>
        result.Succeeded ? null : Error.Validation(new Dictionary<string, string[]> { [field] = result.Errors.Select(e => e.Description).ToArray() });

    private static async Task<bool> OtherEnabledAdminExistsAsync(RegistryDbContext db, string projectId, string exceptUserId, CancellationToken cancellationToken) =>
        await (from ur in db.UserRoles
               join r in db.Roles on ur.RoleId equals r.Id
               join u in db.Users on ur.UserId equals u.Id
               where r.Name == RoleNames.Admin && u.ProjectId == projectId && !u.IsDisabled && u.Id != exceptUserId
               select u.Id).AnyAsync(cancellationToken);

    /// <summary>The console role of each user (strongest first when someone holds several).</summary>
    private static async Task<Dictionary<string, string>> RolesByUserAsync(RegistryDbContext db, IReadOnlyList<string> userIds, CancellationToken cancellationToken)
    {
        var pairs = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where userIds.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        string[] precedence = [RoleNames.Admin, RoleNames.Editor, RoleNames.Reviewer, RoleNames.Viewer];
        return pairs.GroupBy(p => p.UserId).ToDictionary(
            g => g.Key,
            g => precedence.FirstOrDefault(role => g.Any(p => p.Name == role)) ?? g.First().Name!);
    }

    private static JsonObject AuditDocument(ApplicationUser user, string? role) => new()
    {
        ["email"] = user.Email,
        ["display_name"] = user.DisplayName,
        ["role"] = role,
        ["disabled"] = user.IsDisabled,
        ["locked_out"] = user.LockoutEnd is { } end && end > DateTimeOffset.UtcNow,
        ["must_change_password"] = user.MustChangePassword,
    };

    private static UserDto ToDto(ApplicationUser user, string? role, DateTimeOffset now) => new()
    {
        Id = user.Id,
        Email = user.Email ?? string.Empty,
        DisplayName = user.DisplayName,
        Role = role,
        Disabled = user.IsDisabled,
        LockedOut = user.LockoutEnd is { } end && end > now,
        MustChangePassword = user.MustChangePassword,
        CreatedAt = user.CreatedAt,
        LastSignInAt = user.LastSignInAt,
    };
}
