using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Projects;

namespace RegistryConsole.Auth;

/// <summary>
/// Creates the console roles and, on a database without users, the bootstrap admin user from
/// <c>Bootstrap:AdminEmail</c> / <c>Bootstrap:AdminPassword</c> (API.md §7). Without both settings no user is created.
/// </summary>
public sealed class ConsoleUserBootstrapper(IServiceScopeFactory scopes, IOptions<BootstrapOptions> options, ILogger<ConsoleUserBootstrapper> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var name in ConsoleRoles.All)
        {
            if (!await roles.RoleExistsAsync(name))
            {
                Ensure(await roles.CreateAsync(new IdentityRole(name)), $"create the '{name}' role");
            }
        }

        var email = options.Value.AdminEmail?.Trim();
        var password = options.Value.AdminPassword;
        if (string.IsNullOrEmpty(email) || string.IsNullOrEmpty(password))
        {
            if (!string.IsNullOrEmpty(email) || !string.IsNullOrEmpty(password))
            {
                logger.LogWarning("Bootstrap:AdminEmail and Bootstrap:AdminPassword must both be set to create the bootstrap admin user");
            }

            return;
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.Users.AnyAsync(cancellationToken))
        {
            return;
        }

        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        var project = await db.Projects.AsNoTracking().FirstAsync(p => p.Name == Project.DefaultName, cancellationToken);
        var admin = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            ProjectId = project.Id,
            DisplayName = email,
            CreatedAt = DateTime.UtcNow,
        };
        Ensure(await users.CreateAsync(admin, password), "create the bootstrap admin user (check Bootstrap:AdminEmail and Bootstrap:AdminPassword)");
        Ensure(await users.AddToRoleAsync(admin, RoleNames.Admin), "give the bootstrap admin user the admin role");
        logger.LogInformation("Created the bootstrap admin user from configuration");
    }

    private static void Ensure(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
