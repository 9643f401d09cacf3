using Microsoft.AspNetCore.Identity;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Audit;

namespace RegistryConsole.Auth;

/// <summary>
/// Password sign-in for the console. Every failure looks the same to the caller (unknown email, wrong password,
/// locked out, disabled), and costs about the same time, so a failure never reveals whether an account exists.
/// </summary>
public sealed class ConsoleSignIn(
    SignInManager<ApplicationUser> signInManager,
    IAuditService audit,
    SignInFailureAudit failures,
    IHttpContextAccessor http,
    IUserService users,
    ILogger<ConsoleSignIn> logger)
{
    private static readonly Lazy<string> DecoyHash = new(() =>
        new PasswordHasher<ApplicationUser>().HashPassword(new ApplicationUser(), Guid.NewGuid().ToString("N")));

    public async Task<bool> PasswordSignInAsync(string email, string password, bool persistent)
    {
        var user = await signInManager.UserManager.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            SpendHashTime(password);
            logger.LogInformation("Console sign-in failed: no such user");
            await AuditFailureAsync(email, null, "no such user");
            return false;
        }

        var result = await signInManager.PasswordSignInAsync(user, password, persistent, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("Console user {UserId} signed in", user.Id);
            await users.RecordSignInAsync(user.Id);
            return true;
        }

        if (result.IsLockedOut || result.IsNotAllowed)
        {
            // These outcomes return before the password is checked; spend the same time as a wrong password.
            SpendHashTime(password);
        }

        var outcome = result.IsLockedOut ? "locked out" : result.IsNotAllowed ? "not allowed" : "wrong password";
        logger.LogWarning("Console sign-in failed for user {UserId}: {Outcome}", user.Id, outcome);
        await AuditFailureAsync(email, user, outcome);
        return false;
    }

    public Task SignOutAsync() => signInManager.SignOutAsync();

    /// <summary>At most one audit event per client address per minute, with the count of failures it stands for.</summary>
    private async Task AuditFailureAsync(string email, ApplicationUser? user, string outcome)
    {
        var address = http.HttpContext is { } context ? Infrastructure.RateLimits.ClientAddress(context) : "unknown";
        if (failures.Count(address) is { } count)
        {
            var plural = count == 1 ? "failed sign-in" : "failed sign-ins";
            await audit.RecordSignInFailureAsync(email, user, $"{outcome}; {count} {plural} from {address} since the last audited one");
        }
    }

    private void SpendHashTime(string password) =>
        signInManager.UserManager.PasswordHasher.VerifyHashedPassword(new ApplicationUser(), DecoyHash.Value, password);
}
