using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;
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
public sealed partial class ServerEdit
{
    private readonly JsonEditorGroup _editors = new();
    private readonly Dictionary<string, string> _heights = new(StringComparer.Ordinal);
    private JsonObject? _original;
    private int? _revision;

    [Inject]
    public required IServerService Servers { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Parameter]
    public string? SavedName { get; set; }

    [Parameter]
    public string? Version { get; set; }

    internal ServerForm? Form { get; private set; }

    internal bool WholeJson { get; private set; }

    internal string WholeText { get; private set; } = string.Empty;

    internal IReadOnlyList<JsonEditorError>? WholeErrors { get; private set; }

    /// <summary>The problems of the last failed save, listed at the top; each link focuses its field or editor line.</summary>
    internal IReadOnlyList<ErrorSummaryItem> Summary { get; private set; } = [];

    internal ServerFormErrors Errors { get; private set; } = new();

    internal bool Dirty { get; private set; }

    internal bool Conflict { get; private set; }

    internal string? MyUnsavedVersion { get; private set; }

    private bool Loading { get; set; } = true;

    private bool Saving { get; set; }

    private bool IsDeleted { get; set; }

    private string? LoadError { get; set; }

    private bool IsNew => SavedName is null;

    private bool CanWrite => Can(Permission.WriteRegistry);

    private ServerKey Key => new(SavedName!, Version!);

    private string Title => IsNew ? "Add server" : $"Edit {SavedName} {Version}";

    private string CancelHref => IsNew ? "/servers" : ServerPresentation.DetailHref(SavedName!, Version!);

    private IReadOnlyList<BreadcrumbItem> Breadcrumbs => IsNew
        ? [new("Servers", "/servers"), new("New", null, disabled: true)]
        : [new("Servers", "/servers"), new(SavedName!, ServerPresentation.DetailHref(SavedName!, Version!)), new(Version!, null, disabled: true), new("Edit", null, disabled: true)];

    protected override Task OnInitializedAsync() => LoadAsync();

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
            Summary = [];
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
        Summary = [];
        WholeJson = false;
    }

    private JsonObject? ParseWholeText()
    {
        var node = JsonText.Parse(WholeText, out var syntax);
        if (node is JsonObject body)
        {
            return body;
        }

        WholeErrors = [syntax ?? new JsonEditorError(string.Empty, "must be a JSON object: the add-server body", 1)];
        Summary = [.. WholeErrors.Select(e => ErrorSummaryItem.ForEditor("Add-server body", e.Message, ServerFormErrors.WholeBody, e.Line ?? 1))];
        Snackbar.Add("The JSON is not valid; fix the marked line first.", Severity.Error);
        return null;
    }

    private void ShowSyntaxErrors(IReadOnlyDictionary<string, JsonEditorError> syntax)
    {
        Errors = ServerFormErrors.ForSyntax(syntax, Form!);
        Summary = Errors.Summary;
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

            Summary = [];
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
        Summary = [];
        if (error.Kind == ErrorKind.PreconditionFailed)
        {
            Conflict = true;
            return;
        }

        // The name and version of a new server are taken: that belongs to the name.
        var fieldErrors = error.Kind == ErrorKind.Conflict && IsNew && error.FieldErrors is not { Count: > 0 }
            ? new Dictionary<string, string[]> { ["saved_name"] = [error.Message] }
            : error.FieldErrors;
        var routed = error with { FieldErrors = fieldErrors is null ? null : ServerFormErrors.WithoutBodyKey(fieldErrors) };
        var presented = ErrorPresenter.Present(routed, WholeJson ? ServerFormErrors.WholeRoutes(WholeText) : ServerFormErrors.Routes(Form));
        if (WholeJson)
        {
            WholeErrors = presented.Editor(ServerFormErrors.WholeBody);
            Errors = new ServerFormErrors();
            Errors.General.AddRange(presented.General);
        }
        else
        {
            Errors = ServerFormErrors.From(presented);
        }

        Summary = presented.Summary;
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
        Summary = [];
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
}
