using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Audit;

namespace RegistryConsole.Components.Pages.Audit;

/// <summary>Every audit event of the project (<see cref="IAuditService.ListAsync"/>), filtered, paged, the state in the URL.</summary>
public sealed partial class AuditLogPage
{
    private const string Any = "any";

    private static readonly int[] PageSizeOptions = [.. AuditListState.PageSizes];

    private MudDataGrid<AuditEventDto>? _grid;
    private bool _backToFirstPage;

    [Inject]
    public required IAuditService Audit { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    [SupplyParameterFromQuery(Name = "page")]
    public int? PageParameter { get; set; }

    [SupplyParameterFromQuery(Name = "per_page")]
    public int? PerPageParameter { get; set; }

    [SupplyParameterFromQuery(Name = "entity")]
    public string? EntityParameter { get; set; }

    [SupplyParameterFromQuery(Name = "actor")]
    public string? ActorParameter { get; set; }

    [SupplyParameterFromQuery(Name = "action")]
    public string? ActionParameter { get; set; }

    [SupplyParameterFromQuery(Name = "search")]
    public string? SearchParameter { get; set; }

    [SupplyParameterFromQuery(Name = "from")]
    public string? FromParameter { get; set; }

    [SupplyParameterFromQuery(Name = "to")]
    public string? ToParameter { get; set; }

    internal AuditListState State { get; private set; } = AuditListState.Default;

    internal string? LoadError { get; private set; }

    /// <summary>The browser's time zone (UTC until it is known, or when the browser does not say).</summary>
    internal TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    private string ZoneName => AuditLinks.IsUtc(Zone) ? "UTC" : Zone.Id;

    /// <summary>The known actions, plus one from the URL the list does not know (so the filter shows what applies).</summary>
    private IEnumerable<string> Actions =>
        State.Action is { } action && !AuditPresentation.KnownActions.Contains(action) ? [.. AuditPresentation.KnownActions, action] : AuditPresentation.KnownActions;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || !RendererInfo.IsInteractive)
        {
            return;
        }

        // Times are shown and typed in the browser's zone; the service always gets UTC.
        try
        {
            var id = await JS.InvokeAsync<string?>("registryConsole.timeZone");
            if (!string.IsNullOrEmpty(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.Id != Zone.Id)
            {
                Zone = zone;
                StateHasChanged();
            }
        }
        catch (JSException)
        {
            // An older script without the helper: stay in UTC, which the page says.
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        var fromUrl = AuditListState.FromQuery(PageParameter, PerPageParameter, EntityParameter, ActorParameter, ActionParameter, SearchParameter, FromParameter, ToParameter);
        if (fromUrl == State)
        {
            return;
        }

        State = fromUrl;
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private async Task<GridData<AuditEventDto>> LoadAsync(GridState<AuditEventDto> grid, CancellationToken cancellationToken)
    {
        State = State with { Page = _backToFirstPage ? 1 : grid.Page + 1, PerPage = grid.PageSize };
        _backToFirstPage = false;
        LoadError = null;
        GridData<AuditEventDto> data = new() { Items = [], TotalItems = 0 };
        if (Actor is null)
        {
            LoadError = "Your account has no console role; ask an admin for one.";
        }
        else
        {
            try
            {
                var result = await Audit.ListAsync(State.ToServiceQuery(), Actor, cancellationToken);
                if (result.IsSuccess)
                {
                    data = new GridData<AuditEventDto> { Items = result.Value.Items, TotalItems = result.Value.Total };
                }
                else
                {
                    LoadError = result.Error.Message;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return data;
            }
        }

        Navigation.ShowInUrl(State);
        StateHasChanged();
        return data;
    }

    private Task OnEntityChangedAsync(string entity) => ApplyFilterAsync(State with { EntityType = entity == Any ? null : entity });

    private Task OnActionChangedAsync(string action) => ApplyFilterAsync(State with { Action = action == Any ? null : action });

    private Task OnActorChangedAsync(string? actor) => ApplyFilterAsync(State with { Actor = AuditListState.Clean(actor) });

    /// <summary>Suggestions for the actor filter: the people and keys that acted in this project whose name contains the text.</summary>
    private async Task<IEnumerable<string>> SearchActorsAsync(string? text, CancellationToken cancellationToken)
    {
        if (Actor is null)
        {
            return [];
        }

        try
        {
            var result = await Audit.ListActorsAsync(text, 20, Actor, cancellationToken);
            return result.IsSuccess ? result.Value : [];
        }
        catch (OperationCanceledException)
        {
            return [];
        }
    }

    private Task OnSearchChangedAsync(string? search) => ApplyFilterAsync(State with { Search = AuditListState.Clean(search) });

    private Task OnFromChangedAsync(string? from) => ApplyFilterAsync(State with { From = AuditListState.FromLocalInput(from, Zone) });

    private Task OnToChangedAsync(string? to) => ApplyFilterAsync(State with { To = AuditListState.FromLocalInput(to, Zone) });

    private Task ClearFiltersAsync() => ApplyFilterAsync(AuditListState.Default with { PerPage = State.PerPage });

    private async Task ApplyFilterAsync(AuditListState next)
    {
        if (next == State)
        {
            return;
        }

        State = next with { Page = 1 };
        _backToFirstPage = true;
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private async Task OpenEventAsync(DataGridRowClickEventArgs<AuditEventDto> row)
    {
        var parameters = new DialogParameters<AuditEventDialog> { { d => d.Event, row.Item } };
        var options = new DialogOptions { MaxWidth = MaxWidth.ExtraLarge, FullWidth = true, CloseButton = true, CloseOnEscapeKey = true };
        await Dialogs.ShowAsync<AuditEventDialog>($"{row.Item.Action} · {row.Item.EntityName}", parameters, options);
    }
}
