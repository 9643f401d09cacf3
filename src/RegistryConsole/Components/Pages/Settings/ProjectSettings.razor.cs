using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Reviews;

namespace RegistryConsole.Components.Pages.Settings;

/// <summary>The project's review settings (<see cref="IReviewService.GetSettingsAsync"/>, admins only) and the API reference link.</summary>
public sealed partial class ProjectSettings
{
    [Inject]
    public required IReviewService Reviews { get; init; }

    internal ProjectSettingsDto? Settings { get; private set; }

    internal string? LoadError { get; private set; }

    private bool Saving { get; set; }

    internal string? Namespace { get; set; }

    private string RegistryUrl => Navigation.BaseUri;

    private bool IsAdmin => Can(Permission.Administer);

    protected override async Task OnInitializedAsync()
    {
        if (!IsAdmin)
        {
            return;
        }

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
        finally
        {
            Saving = false;
        }
    }
}
