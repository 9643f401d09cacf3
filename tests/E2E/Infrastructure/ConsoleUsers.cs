using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Projects;

namespace RegistryConsole.Tests.E2E.Infrastructure;

/// <summary>A console account a test signs in with.</summary>
public sealed record ConsoleUser(string Email, string Password);

/// <summary>
/// Test-only: creates console users straight through the app's <see cref="UserManager{TUser}"/>, because the console has
/// no user management page yet (CONSOLE.md lists one; neither branch builds it). Same store, same roles as the app's own.
/// </summary>
public static class ConsoleUsers
{
    public const string Password = "E2e-User-Passw0rd!";

    public static ConsoleUser Admin { get; } = new(ConsoleAppFactory.AdminEmail, ConsoleAppFactory.AdminPassword);

    public static async Task<ConsoleUser> CreateAsync(IServiceProvider services, string role)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        var project = await db.Projects.AsNoTracking().FirstAsync(p => p.Name == Project.DefaultName, TestContext.Current.CancellationToken);
        var email = $"{Names.Unique(role)}@e2e.local";
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            ProjectId = project.Id,
            DisplayName = email,
        };
        Ensure(await users.CreateAsync(user, Password));
        Ensure(await users.AddToRoleAsync(user, role));
        return new ConsoleUser(email, Password);
    }

    private static void Ensure(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
