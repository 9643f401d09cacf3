using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Auth;

/// <summary>
/// Console sign-in: ASP.NET Core Identity on the registry database, with its cookie as the default scheme.
/// The REST API is untouched: its endpoints name the <c>ApiKey</c> scheme in their own policy.
/// </summary>
public static class ConsoleAuthentication
{
    public const string LoginPath = "/account/login";
    public const string LogoutPath = "/account/logout";
    public const string AccessDeniedPath = "/account/access-denied";
    public const string MyAccountPath = "/account";
    public const int MaxFailedAccessAttempts = 5;
    public const int MinimumPasswordLength = 12;

    public static IServiceCollection AddConsoleAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = LoginPath;
            options.LogoutPath = LogoutPath;
            options.AccessDeniedPath = AccessDeniedPath;
            options.ReturnUrlParameter = "returnUrl";
            options.Cookie.Name = "RegistryConsole.Auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
        });

        // The stamp (and the disabled flag, ConsoleSignInManager) is checked on every console request, not every 30 minutes:
        // disabling a user, changing their role or resetting their password ends their sessions at once.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
                options.Password.RequiredLength = MinimumPasswordLength;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = MaxFailedAccessAttempts;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<RegistryDbContext>()
            .AddSignInManager<ConsoleSignInManager>()
            .AddClaimsPrincipalFactory<ConsoleClaimsPrincipalFactory>();

        services.AddHttpContextAccessor();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityAuthenticationStateProvider>();
        services.AddScoped<ConsoleSignIn>();
        services.AddSingleton<SignInFailureAudit>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ConsoleUserBootstrapper>();
        return services;
    }

    /// <summary>
    /// A user whose password was set by an admin (initial or reset) gets nothing but My account until they choose their own:
    /// every other console request, the Blazor circuit included, is redirected there.
    /// </summary>
    public static IApplicationBuilder UseForcedPasswordChange(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if (context.User.HasClaim(ActorClaims.MustChangePassword, "true")
            && !path.StartsWithSegments("/account")
            && !path.StartsWithSegments("/_framework")
            && !path.StartsWithSegments("/_content")
            && !Api.ApiFallback.IsApiOrOperations(path)
            && !Path.HasExtension(path.Value))
        {
            var returnUrl = Uri.EscapeDataString(path.Value + context.Request.QueryString.Value);
            context.Response.Redirect($"{MyAccountPath}?returnUrl={returnUrl}");
            return;
        }

        await next(context);
    });

    /// <summary>Creates the console roles and the bootstrap admin user; call after the database is migrated.</summary>
    public static Task InitializeConsoleUsersAsync(this WebApplication app) =>
        app.Services.GetRequiredService<ConsoleUserBootstrapper>().InitializeAsync();
}
