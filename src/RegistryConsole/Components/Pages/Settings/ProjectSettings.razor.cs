using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using RegistryConsole.Auth;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Reviews;

namespace RegistryConsole.Components.Pages.Settings;

/// <summary>The project's review settings (<see cref="IReviewService.GetSettingsAsync"/>, admins only) and the API reference link.</summary>
public sealed partial class ProjectSettings
{
    [Inject]
    public required IReviewService Reviews { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [CascadingParameter]
    public Task<AuthenticationState>? AuthenticationState { get; set; }

    internal ProjectSettingsDto? Settings { get; private set; }

    internal string? LoadError { get; private set; }

    private bool Saving { get; set; }

    private Actor? Actor { get; set; }

    private bool IsAdmin => Actor?.Can(Permission.Administer) == true;

    protected override async Task OnInitializedAsync()
    {
        Actor = AuthenticationState is null ? null : (await AuthenticationState).User.ToActor();
        if (!IsAdmin)
        {
            return;
        }

        try
        {
            var result = await Reviews.GetSettingsAsync(Actor!);
            if (result.IsSuccess)
            {
                Settings = result.Value;
            }
            else
            {
                LoadError = result.Error.Message;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LoadError = "The settings could not be loaded. Try again in a moment.";
        }
    }

    private Task SetRequireApprovalAsync(bool value) => SaveAsync("require_approval", value);

    private Task SetRequireDistinctReviewerAsync(bool value) => SaveAsync("require_distinct_reviewer", value);

    private async Task SaveAsync(string key, bool value)
    {
        if (Actor is null || Settings is null)
        {
            return;
        }

        Saving = true;
        try
        {
            var result = await Reviews.ModifySettingsAsync(new JsonObject { [key] = value }, Actor);
            if (result.IsSuccess)
            {
                Settings = result.Value;
                Snackbar.Add($"Saved: {key} is now {(value ? "on" : "off")}.", Severity.Success);
            }
            else
            {
                Snackbar.Add(result.Error.Message, Severity.Error);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Snackbar.Add("The setting could not be saved. Try again in a moment.", Severity.Error);
        }
        finally
        {
            Saving = false;
        }
    }
}
