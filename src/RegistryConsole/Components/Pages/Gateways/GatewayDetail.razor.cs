using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.JSInterop;
using MudBlazor;
using RegistryConsole.Auth;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Secrets;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Components.Pages.Gateways;

/// <summary>
/// One gateway: the servers it references (attach, detach), its common and per-server overrides (saved through
/// <see cref="IGatewayService.ModifyAsync"/> with only what changed), and the expanded configuration a runtime gets.
/// </summary>
public sealed partial class GatewayDetail : IAsyncDisposable
{
    private static readonly string[] Tabs = ["servers", "overrides", "config"];

    private readonly JsonEditorGroup _editors = new();
    private GatewayKey? _loadedKey;
    private DotNetObjectReference<GatewayDetail>? _self;
    private IJSObjectReference? _saveShortcut;

    [Inject]
    public required IGatewayService Gateways { get; init; }

    [Inject]
    public required IServerService Servers { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    [CascadingParameter]
    public Task<AuthenticationState>? AuthenticationState { get; set; }

    [Parameter]
    public required string Name { get; set; }

    [Parameter]
    public required string Version { get; set; }

    [SupplyParameterFromQuery(Name = "tab")]
    public string? TabParameter { get; set; }

    internal GatewayDto? Gateway { get; private set; }

    internal GatewayDraft? Draft { get; private set; }

    internal IReadOnlyList<ExpandedView>? Expanded { get; private set; }

    internal string? LoadError { get; private set; }

    internal string? ConfigError { get; private set; }

    internal bool Conflict { get; private set; }

    private ServerDto? AttachCandidate { get; set; }

    private bool Saving { get; set; }

    private bool Busy { get; set; }

    private Actor? Actor { get; set; }

    private bool CanWrite => Actor?.Can(Permission.WriteRegistry) == true;

    private bool ReadOnly => !CanWrite || Gateway?.IsActive != true;

    private GatewayKey Key => new(Name, Version);

    private int TabIndex => Math.Max(0, Array.IndexOf(Tabs, TabParameter ?? Tabs[0]));

    private List<BreadcrumbItem> Breadcrumbs =>
    [
        new("Gateways", GatewayPresentation.ListHref),
        new($"{Name} · {Version}", null, disabled: true),
    ];

    /// <summary>A server of the expanded config with its masked JSON, computed once per load.</summary>
    internal sealed record ExpandedView(ExpandedServerDto Server, string Json);

    protected override async Task OnParametersSetAsync()
    {
        if (Key == _loadedKey)
        {
            return;
        }

        Actor ??= AuthenticationState is null ? null : (await AuthenticationState).User.ToActor();
        await LoadAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            _self = DotNetObjectReference.Create(this);
            _saveShortcut = await JS.InvokeAsync<IJSObjectReference?>("registryConsole.registerSaveShortcut", _self);
        }
    }

    /// <summary>Ctrl+S anywhere on the page saves the overrides.</summary>
    [JSInvokable]
    public Task OnSaveShortcut() => InvokeAsync(async () =>
    {
        // Called from script, not from an event handler: render the outcome explicitly.
        if (CanWrite && Gateway?.IsActive == true && Draft?.IsDirty == true && !Busy)
        {
            await SaveAsync();
            StateHasChanged();
        }
    });

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_saveShortcut is not null)
            {
                await _saveShortcut.InvokeVoidAsync("dispose");
                await _saveShortcut.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and the listener with it.
        }

        _self?.Dispose();
    }

    private async Task LoadAsync()
    {
        _loadedKey = Key;
        Gateway = null;
        Draft = null;
        Expanded = null;
        LoadError = null;
        ConfigError = null;
        Conflict = false;
        if (Actor is null)
        {
            LoadError = "Your account has no console role; ask an admin for one.";
            return;
        }

        try
        {
            var result = await Gateways.GetAsync(Key, Actor);
            if (!result.IsSuccess)
            {
                LoadError = result.Error.Kind == ErrorKind.NotFound
                    ? $"There is no gateway '{Name}' version '{Version}' in this project. It may have been renamed, or the link is wrong."
                    : result.Error.Message;
                return;
            }

            Gateway = result.Value;
            Draft = GatewayDraft.From(result.Value);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LoadError = "The gateway could not be loaded. Try again in a moment.";
            return;
        }

        await LoadConfigAsync();
    }

    private async Task LoadConfigAsync()
    {
        ConfigError = null;
        try
        {
            // The console never shows a secret, even to an admin to whom the API reveals them.
            var config = await Gateways.GetMaskedConfigAsync(Key, Actor!);
            if (config.IsSuccess)
            {
                Expanded = config.Value.ExpandedServers
                    .Select(s => new ExpandedView(s, JsonText.Format(s.McpConfig)))
                    .ToList();
            }
            else
            {
                ConfigError = config.Error.Message;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ConfigError = "The expanded configuration could not be loaded. Try again in a moment.";
        }
    }

    private ExpandedView? ExpandedOf(ServerKey key) =>
        Expanded?.FirstOrDefault(e => e.Server.SavedName == key.SavedName && e.Server.ServerVersion == key.ServerVersion);

    private async Task ReloadAsync()
    {
        await LoadAsync();
        Snackbar.Add("Reloaded the current version of the gateway.", Severity.Info);
    }

    private void OnTabChanged(int index)
    {
        var tab = index <= 0 || index >= Tabs.Length ? null : Tabs[index];
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("tab", tab), new NavigationOptions { ReplaceHistoryEntry = true });
    }

    private async Task SaveAsync()
    {
        if (Gateway is null || Draft is null)
        {
            return;
        }

        // Monaco's latest text, in case Ctrl+S came right after a keystroke.
        await _editors.FlushAsync();
        var patch = Draft.BuildPatch();
        if (patch is null)
        {
            Snackbar.Add("Not saved: an overrides editor does not hold a JSON object; see the message under it.", Severity.Warning);
            return;
        }

        if (patch.Body.Count == 0)
        {
            Draft.Discard();
            Snackbar.Add("Nothing changed, nothing to save.", Severity.Info);
            return;
        }

        Saving = true;
        var result = await RunAsync(() => Gateways.ModifyAsync(Key, patch.Body, Gateway.Revision, Actor!));
        Saving = false;
        if (result is null)
        {
            return;
        }

        if (result.Value.IsSuccess)
        {
            Draft = GatewayDraft.From(result.Value.Value);
            await AcceptAsync(result.Value.Value, "Gateway saved.");
            return;
        }

        var error = result.Value.Error;
        if (error.Kind == ErrorKind.Validation)
        {
            foreach (var message in Draft.ApplyErrors(error, patch))
            {
                Snackbar.Add(message, Severity.Error);
            }

            Snackbar.Add("Not saved: fix the marked fields.", Severity.Warning);
            return;
        }

        ShowFailure(error);
    }

    private Task DiscardAsync()
    {
        Draft?.Discard();
        return Task.CompletedTask;
    }

    private Task<IEnumerable<ServerDto>> SearchServersAsync(string? text, CancellationToken cancellationToken) =>
        Actor is null || Gateway is null
            ? Task.FromResult<IEnumerable<ServerDto>>([])
            : GatewayPresentation.SearchAttachableAsync(Servers, Actor, text, Gateway.ServersConfig.Servers.Select(GatewayDraft.KeyOf).ToHashSet(), cancellationToken);

    private async Task AttachAsync()
    {
        if (Gateway is null || AttachCandidate is not { } server)
        {
            return;
        }

        var patch = ServersPatch(new JsonObject { ["saved_name"] = server.SavedName, ["server_version"] = server.ServerVersion });
        var result = await RunAsync(() => Gateways.ModifyAsync(Key, patch, Gateway.Revision, Actor!));
        if (result is { } outcome)
        {
            if (outcome.IsSuccess)
            {
                AttachCandidate = null;
                await AcceptAsync(outcome.Value, $"Attached {server.SavedName} {server.ServerVersion}.");
            }
            else
            {
                ShowFailure(outcome.Error);
            }
        }
    }

    private async Task DetachAsync(ServerKey key)
    {
        if (Gateway is null)
        {
            return;
        }

        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Detach server",
            $"Detach {key.SavedName} {key.ServerVersion} from {Gateway.GatewaySavedName}? Runtimes of this gateway stop getting it, and its overrides here are dropped. The server stays in the registry.",
            yesText: "Detach", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        var patch = ServersPatch(new JsonObject { ["saved_name"] = key.SavedName, ["server_version"] = key.ServerVersion, ["remove"] = true });
        var result = await RunAsync(() => Gateways.ModifyAsync(Key, patch, Gateway.Revision, Actor!));
        if (result is { } outcome)
        {
            if (outcome.IsSuccess)
            {
                await AcceptAsync(outcome.Value, $"Detached {key.SavedName} {key.ServerVersion}.");
            }
            else
            {
                ShowFailure(outcome.Error);
            }
        }
    }

    private async Task DeleteAsync()
    {
        if (Gateway is null)
        {
            return;
        }

        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Delete gateway",
            $"Delete {Gateway.GatewaySavedName} {Gateway.GatewayVersion}? Runtimes stop getting its configuration. It can be restored later.",
            yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        var result = await RunAsync(() => Gateways.DeleteAsync(Key, Gateway.Revision, Actor!));
        if (result is { } outcome)
        {
            if (outcome.IsSuccess)
            {
                await AcceptAsync(outcome.Value, "Gateway deleted. Restore brings it back.");
            }
            else
            {
                ShowFailure(outcome.Error);
            }
        }
    }

    private async Task RestoreAsync()
    {
        if (Gateway is null)
        {
            return;
        }

        var result = await RunAsync(() => Gateways.RestoreAsync(Key, Gateway.Revision, Actor!));
        if (result is { } outcome)
        {
            if (outcome.IsSuccess)
            {
                await AcceptAsync(outcome.Value, "Gateway restored.");
            }
            else
            {
                ShowFailure(outcome.Error);
            }
        }
    }

    private async Task ConfirmLeaveAsync(LocationChangingContext context)
    {
        // Switching tabs rewrites only the query string of this page: nothing is lost.
        var here = new Uri(Navigation.Uri).GetLeftPart(UriPartial.Path);
        var there = new Uri(Navigation.ToAbsoluteUri(context.TargetLocation).ToString()).GetLeftPart(UriPartial.Path);
        if (Draft?.IsDirty != true || here == there)
        {
            return;
        }

        var discard = await Dialogs.ShowMessageBoxAsync(
            new MessageBoxOptions
            {
                Title = "Discard unsaved changes?",
                Message = "The overrides or description of this gateway have changes that are not saved. Leaving this page discards them.",
                YesText = "Discard changes",
                CancelText = "Keep editing",
            },
            new DialogOptions { MaxWidth = MaxWidth.ExtraSmall });
        if (discard != true)
        {
            context.PreventNavigation();
        }
    }

    private static JsonObject ServersPatch(JsonObject entry) =>
        new() { ["servers_config"] = new JsonObject { ["servers"] = new JsonArray(entry) } };

    /// <summary>Runs one write with the progress bar on; null when it threw (already reported).</summary>
    private async Task<Result<GatewayDto>?> RunAsync(Func<Task<Result<GatewayDto>>> write)
    {
        Busy = true;
        try
        {
            return await write();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Snackbar.Add("The change could not be saved. Try again in a moment.", Severity.Error);
            return null;
        }
        finally
        {
            Busy = false;
        }
    }

    private async Task AcceptAsync(GatewayDto gateway, string message)
    {
        Gateway = gateway;
        Conflict = false;
        Draft!.Rebase(gateway);
        Snackbar.Add(message, Severity.Success);
        await LoadConfigAsync();
    }

    private void ShowFailure(Error error)
    {
        if (error.Kind == ErrorKind.PreconditionFailed)
        {
            Conflict = true;
            return;
        }

        Snackbar.Add(error.Message, Severity.Error);
    }
}
