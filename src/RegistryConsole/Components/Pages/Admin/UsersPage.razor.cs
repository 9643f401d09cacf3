using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Components.Pages.Admin;

/// <summary>Console users (admins only): add, change role, disable and enable, unlock, reset password. Calls <see cref="IUserService"/>.</summary>
public sealed partial class UsersPage
{
    [Inject]
    public required IUserService UserService { get; init; }

    internal IReadOnlyList<UserDto>? Users { get; private set; }

    internal string? LoadError { get; private set; }

    internal string? NewEmail { get; set; }

    internal string? NewDisplayName { get; set; }

    internal string NewRole { get; set; } = RoleNames.Viewer;

    internal string? NewPassword { get; set; }

    internal UserDto? ResetTarget { get; set; }

    internal string? ResetPassword { get; set; }

    private IReadOnlyDictionary<string, string[]>? FieldErrors { get; set; }

    private bool Busy { get; set; }

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (Actor is null)
        {
            return;
        }

        var result = await UserService.ListAsync(Actor);
        Users = result.IsSuccess ? result.Value : null;
        LoadError = result.IsSuccess ? null : result.Error.Message;
    }

    private string? FieldError(string field) => FieldErrors?.GetValueOrDefault(field)?.FirstOrDefault();

    internal async Task CreateAsync()
    {
        var body = new JsonObject { ["email"] = NewEmail?.Trim(), ["display_name"] = NewDisplayName, ["role"] = NewRole, ["password"] = NewPassword };
        if (await RunAsync(actor => UserService.CreateAsync(body, actor), $"Added {NewEmail}; they must change the password at first sign-in"))
        {
            (NewEmail, NewDisplayName, NewPassword, NewRole) = (null, null, null, RoleNames.Viewer);
        }
    }

    internal Task ModifyAsync(UserDto user, JsonObject patch, string done) => RunAsync(actor => UserService.ModifyAsync(user.Id, patch, actor), done);

    internal async Task ResetAsync()
    {
        if (ResetTarget is { } target
            && await RunAsync(actor => UserService.ModifyAsync(target.Id, new JsonObject { ["password"] = ResetPassword }, actor), $"Password of {target.Email} reset"))
        {
            ResetTarget = null;
            ResetPassword = null;
        }
    }

    private async Task<bool> RunAsync(Func<Actor, Task<Result<UserDto>>> change, string done)
    {
        if (Actor is null)
        {
            return false;
        }

        Busy = true;
        try
        {
            var result = await change(Actor);
            if (!result.IsSuccess)
            {
                FieldErrors = result.Error.FieldErrors;
                Snackbar.Add(result.Error.Message, Severity.Error);
                return false;
            }

            FieldErrors = null;
            Snackbar.Add(done, Severity.Success);
            await LoadAsync();
            return true;
        }
        finally
        {
            Busy = false;
        }
    }

    internal static string Format(DateTime at) => at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
