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

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [CascadingParameter]
    public Task<AuthenticationState>? AuthenticationState { get; set; }

    internal ProjectSettingsDto? Settings { get; private set; }

    internal string? LoadError { get; private set; }

    private bool Saving { get; set; }

    internal string? Namespace { get; set; }

    private string RegistryUrl => Navigation.BaseUri;

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
                Namespace = Settings.RegistryNamespace;
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

    private Task SetPublicCatalogAsync(bool value) => SaveAsync("public_catalog", value);

    internal Task SaveNamespaceAsync() =>
        string.IsNullOrWhiteSpace(Namespace)
            ? SaveAsync(new JsonObject { ["registry_namespace"] = null }, "Saved: the registry namespace is the default again.")
            : SaveAsync(new JsonObject { ["registry_namespace"] = Namespace.Trim() }, $"Saved: the registry namespace is now {Namespace.Trim()}.");

    private Task SaveAsync(string key, bool value) =>
        SaveAsync(new JsonObject { [key] = value }, $"Saved: {key} is now {(value ? "on" : "off")}.");

    private async Task SaveAsync(JsonObject patch, string saved)
    {
        if (Actor is null || Settings is null)
        {
            return;
        }

        Saving = true;
        try
        {
            var result = await Reviews.ModifySettingsAsync(patch, Actor);
            if (result.IsSuccess)
            {
                Settings = result.Value;
                Namespace = Settings.RegistryNamespace;
                Snackbar.Add(saved, Severity.Success);
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
