using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Access;

namespace RegistryConsole.Components.Pages.Admin;

/// <summary>API keys (admins only): create (the plain key shown once in <see cref="NewApiKeyDialog"/>), list, revoke with confirmation.</summary>
public sealed partial class ApiKeysPage
{
    internal const string NobodyValue = "";

    [Inject]
    public required IApiKeyService ApiKeys { get; init; }

    [Inject]
    public required IUserService UserService { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    internal IReadOnlyList<ApiKeyDto>? Keys { get; private set; }

    internal IReadOnlyList<UserDto> Users { get; private set; } = [];

    internal string? LoadError { get; private set; }

    internal string? NewName { get; set; }

    internal string NewRole { get; set; } = RoleNames.Viewer;

    internal string NewUserId { get; set; } = NobodyValue;

    internal DateTime? NewExpiry { get; set; }

    private IReadOnlyDictionary<string, string[]>? FieldErrors { get; set; }

    private bool Busy { get; set; }

    protected override async Task OnInitializedAsync()
    {
        if (Actor is null)
        {
            return;
        }

        var users = await UserService.ListAsync(Actor);
        Users = users.IsSuccess ? users.Value : [];
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var result = await ApiKeys.ListAsync(Actor!);
        Keys = result.IsSuccess ? result.Value.OrderByDescending(k => k.CreatedAt).ToList() : null;
        LoadError = result.IsSuccess ? null : result.Error.Message;
    }

    private string? FieldError(string field) => FieldErrors?.GetValueOrDefault(field)?.FirstOrDefault();

    internal async Task CreateAsync()
    {
        if (Actor is null)
        {
            return;
        }

        var body = new JsonObject { ["name"] = NewName, ["role"] = NewRole };
        if (NewUserId != NobodyValue)
        {
            body["user_id"] = NewUserId;
        }

        if (NewExpiry is { } expiry)
        {
            // The end of the chosen day, UTC.
            body["expires_at"] = DateTime.SpecifyKind(expiry.Date.AddDays(1).AddSeconds(-1), DateTimeKind.Utc);
        }

        Busy = true;
        try
        {
            var result = await ApiKeys.CreateAsync(body, Actor);
            if (!result.IsSuccess)
            {
                FieldErrors = result.Error.FieldErrors;
                Snackbar.Add(result.Error.Message, Severity.Error);
                return;
            }

            FieldErrors = null;
            (NewName, NewRole, NewUserId, NewExpiry) = (null, RoleNames.Viewer, NobodyValue, null);
            await LoadAsync();
            var parameters = new DialogParameters<NewApiKeyDialog> { { d => d.Key, result.Value } };
            await Dialogs.ShowAsync<NewApiKeyDialog>("New API key", parameters,
                new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = false });
        }
        finally
        {
            Busy = false;
        }
    }

    internal async Task RevokeAsync(ApiKeyDto key)
    {
        if (Actor is null)
        {
            return;
        }

        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Revoke API key?",
            $"'{key.Name}' ({key.Prefix}…) stops working at once; whatever uses it gets 401 from now on. This cannot be undone.",
            yesText: "Revoke", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        Busy = true;
        try
        {
            var result = await ApiKeys.RevokeAsync(key.Id, Actor);
            Snackbar.Add(result.IsSuccess ? $"Revoked '{key.Name}'" : result.Error.Message, result.IsSuccess ? Severity.Success : Severity.Error);
            await LoadAsync();
        }
        finally
        {
            Busy = false;
        }
    }
}
