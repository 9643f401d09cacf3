using System.Text.Json;
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
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Components.Pages.Servers;

/// <summary>
/// Add a server, or edit one: text fields, one JSON editor per <c>mcp_config</c> section, or the whole body in one
/// editor. Saving calls <see cref="IServerService.AddAsync"/> or, with only the changed fields and the revision read,
/// <see cref="IServerService.ModifyAsync"/>; the service's messages land on the field or editor line they name.
/// </summary>
public sealed partial class ServerEdit : IAsyncDisposable
{
    private readonly JsonEditorGroup _editors = new();
    private readonly Dictionary<string, string> _heights = new(StringComparer.Ordinal);
    private JsonObject? _original;
    private int? _revision;
    private DotNetObjectReference<ServerEdit>? _self;
    private IJSObjectReference? _saveShortcut;

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
    public string? SavedName { get; set; }

    [Parameter]
    public string? Version { get; set; }

    internal ServerForm? Form { get; private set; }

    internal bool WholeJson { get; private set; }

    internal string WholeText { get; private set; } = string.Empty;

    internal IReadOnlyList<JsonEditorError>? WholeErrors { get; private set; }

    internal ServerFormErrors Errors { get; private set; } = new();

    internal bool Dirty { get; private set; }

    internal bool Conflict { get; private set; }

    internal string? MyUnsavedVersion { get; private set; }

    private bool Loading { get; set; } = true;

    private bool Saving { get; set; }

    private bool IsDeleted { get; set; }

    private string? LoadError { get; set; }

    private Actor? Actor { get; set; }

    private bool IsNew => SavedName is null;

    private bool CanWrite => Actor?.Can(Permission.WriteRegistry) == true;

    private ServerKey Key => new(SavedName!, Version!);

    private string Title => IsNew ? "Add server" : $"Edit {SavedName} {Version}";

    private string CancelHref => IsNew ? "/servers" : ServerPresentation.DetailHref(SavedName!, Version!);

    private IReadOnlyList<BreadcrumbItem> Breadcrumbs => IsNew
        ? [new("Servers", "/servers"), new("New", null, disabled: true)]
        : [new("Servers", "/servers"), new(SavedName!, ServerPresentation.DetailHref(SavedName!, Version!)), new(Version!, null, disabled: true), new("Edit", null, disabled: true)];

    protected override async Task OnInitializedAsync()
    {
        Actor = AuthenticationState is null ? null : (await AuthenticationState).User.ToActor();
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

    /// <summary>Ctrl+S anywhere on the page.</summary>
    [JSInvokable]
    public Task OnSaveShortcut() => InvokeAsync(async () =>
    {
        // Called from script, not from an event handler: render the outcome explicitly.
        await SaveAsync();
        StateHasChanged();
    });

    private async Task LoadAsync()
    {
        Loading = true;
        LoadError = null;
        try
        {
            if (IsNew || Actor is null)
            {
                Form = ServerForm.New();
                return;
            }

            var result = await Servers.GetAsync(Key, Actor);
            if (!result.IsSuccess)
            {
                LoadError = result.Error.Message;
                return;
            }

            _original = ServerForm.BodyOf(result.Value);
            _revision = result.Value.Revision;
            IsDeleted = !result.Value.IsActive;
            Form = ServerForm.FromBody(_original).Form;
            WholeText = JsonText.Format(_original);
        }
        catch (Exception)
        {
            LoadError = "The server could not be loaded. Try again in a moment.";
        }
        finally
        {
            _heights.Clear();
            foreach (var section in McpSections.Editors)
            {
                _heights[section.Key] = JsonText.HeightFor(Form?.Sections[section.Key], 4, 18);
            }

            Loading = false;
        }
    }

    private string EditorHeight(string section) => _heights.GetValueOrDefault(section, "96px");

    private static string? FieldHelp(string key) => key switch
    {
        "saved_name" => "Letters, digits, '.', '_' or '-'; with the version it names the server.",
        "server_version" => "Defaults to v1.",
        "job_id" => "UUID of a scan job, if any.",
        "source_url" => "Absolute http(s) URL of the source.",
        _ => null,
    };

    private void SetScalar(string key, string? value)
    {
        Form!.Scalars[key] = value ?? string.Empty;
        Errors.Fields.Remove(key);
        Dirty = true;
    }

    private void SetServerInfoValidation(bool on)
    {
        Form!.ServerInfoValidation = on;
        Errors.Fields.Remove(McpSections.ServerInfoValidation);
        Dirty = true;
    }

    private void SetSection(string key, string text)
    {
        Form!.Sections[key] = text;
        Dirty = true;
    }

    private void OnWholeTextChanged(string text)
    {
        WholeText = text;
        Dirty = true;
    }

    private async Task ToggleWholeJsonAsync(bool on)
    {
        await _editors.FlushAsync();
        if (on)
        {
            var (body, syntax) = Form!.ToBody();
            if (syntax.Count > 0)
            {
                ShowSyntaxErrors(syntax);
                return;
            }

            WholeText = JsonText.Format(IsNew ? ServerForm.WithoutNulls(body) : body);
            WholeErrors = null;
            Errors = new ServerFormErrors();
            WholeJson = true;
            return;
        }

        var parsed = ParseWholeText();
        if (parsed is null)
        {
            return;
        }

        var (form, unrepresentable) = ServerForm.FromBody(parsed);
        if (unrepresentable.Count > 0)
        {
            Snackbar.Add($"The form cannot show {string.Join(", ", unrepresentable)}; fix it here, or save to let the server check it.", Severity.Warning);
            return;
        }

        Form = form;
        foreach (var section in McpSections.Editors)
        {
            _heights[section.Key] = JsonText.HeightFor(Form.Sections[section.Key], 4, 18);
        }

        WholeErrors = null;
        WholeJson = false;
    }

    private JsonObject? ParseWholeText()
    {
        try
        {
            if (JsonNode.Parse(WholeText) is JsonObject body)
            {
                return body;
            }

            WholeErrors = [new JsonEditorError(string.Empty, "must be a JSON object: the add-server body")];
        }
        catch (JsonException ex)
        {
            WholeErrors = [new JsonEditorError(string.Empty, "is not valid JSON: " + JsonText.SyntaxError(ex), (int)(ex.LineNumber ?? 0) + 1)];
        }

        Snackbar.Add("The JSON is not valid; fix the marked line first.", Severity.Error);
        return null;
    }

    private void ShowSyntaxErrors(IReadOnlyDictionary<string, JsonEditorError> syntax)
    {
        var errors = new ServerFormErrors();
        foreach (var (section, error) in syntax)
        {
            errors.Sections[section] = [error];
        }

        Errors = errors;
        Snackbar.Add("A section is not valid JSON; fix the marked editor first.", Severity.Error);
    }

    internal async Task SaveAsync()
    {
        if (Saving || Form is null || Actor is null || !CanWrite || IsDeleted)
        {
            return;
        }

        Saving = true;
        StateHasChanged();
        try
        {
            await _editors.FlushAsync();
            JsonObject body;
            if (WholeJson)
            {
                var parsed = ParseWholeText();
                if (parsed is null)
                {
                    return;
                }

                body = parsed;
            }
            else
            {
                var (formBody, syntax) = Form.ToBody();
                if (syntax.Count > 0)
                {
                    ShowSyntaxErrors(syntax);
                    return;
                }

                body = formBody;
            }

            Result<ServerDto> result;
            if (IsNew)
            {
                result = await Servers.AddAsync(ServerForm.WithoutNulls(body), Actor);
            }
            else
            {
                var patch = ServerForm.Diff(_original!, body);
                if (patch.Count == 0)
                {
                    Dirty = false;
                    Snackbar.Add("Nothing changed.", Severity.Info);
                    return;
                }

                result = await Servers.ModifyAsync(Key, patch, _revision, Actor);
            }

            if (result.IsSuccess)
            {
                Dirty = false;
                Snackbar.Add(IsNew ? $"Added {result.Value.SavedName} {result.Value.ServerVersion}" : $"Saved {result.Value.SavedName} {result.Value.ServerVersion}", Severity.Success);
                Navigation.NavigateTo(ServerPresentation.DetailHref(result.Value));
                return;
            }

            ShowError(result.Error);
        }
        finally
        {
            Saving = false;
        }
    }

    private void ShowError(Error error)
    {
        WholeErrors = null;
        Errors = new ServerFormErrors();
        switch (error.Kind)
        {
            case ErrorKind.PreconditionFailed:
                Conflict = true;
                return;
            case ErrorKind.Validation when error.FieldErrors is { Count: > 0 } fieldErrors:
                if (WholeJson)
                {
                    WholeErrors = ServerFormErrors.ForWholeJson(fieldErrors);
                }
                else
                {
                    Errors = ServerFormErrors.ForForm(fieldErrors);
                }

                Snackbar.Add(fieldErrors.Count == 1 ? "The server refused one value; it is marked." : $"The server refused {fieldErrors.Count} values; they are marked.", Severity.Error);
                return;
            case ErrorKind.Conflict when IsNew:
                // The name and version are taken: that belongs to the name.
                if (WholeJson)
                {
                    WholeErrors = [new JsonEditorError("saved_name", error.Message)];
                }
                else
                {
                    Errors.Fields["saved_name"] = error.Message;
                }

                Snackbar.Add(error.Message, Severity.Error);
                return;
            default:
                Errors.General.Add(error.Message);
                Snackbar.Add(error.Message, Severity.Error);
                return;
        }
    }

    private async Task ReloadAfterConflictAsync()
    {
        // Their version replaces the form; ours stays visible (read-only) so nothing is lost without the person seeing it.
        await _editors.FlushAsync();
        MyUnsavedVersion = WholeJson ? WholeText : JsonText.Format(Form!.ToBody().Body);
        Conflict = false;
        WholeJson = false;
        Errors = new ServerFormErrors();
        WholeErrors = null;
        await LoadAsync();
        Dirty = false;
    }

    private async Task ConfirmLeaveAsync(LocationChangingContext context)
    {
        if (!Dirty)
        {
            return;
        }

        var discard = await Dialogs.ShowMessageBoxAsync(
            new MessageBoxOptions
            {
                Title = "Discard unsaved changes?",
                Message = "You have changes that are not saved. Leaving this page discards them.",
                YesText = "Discard changes",
                CancelText = "Keep editing",
            },
            new DialogOptions { MaxWidth = MaxWidth.ExtraSmall });
        if (discard != true)
        {
            context.PreventNavigation();
        }
    }

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
            // The page closed with the circuit; the listener went with it.
        }

        _self?.Dispose();
    }
}
