using Microsoft.AspNetCore.Components;
using MudBlazor;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Gateways;

namespace RegistryConsole.Components.Pages.Gateways;

/// <summary>The project's gateways: one page at a time from <see cref="IGatewayService.ListAsync"/>, with the grid state in the URL.</summary>
public sealed partial class GatewayList
{
    private static readonly int[] PageSizeOptions = [.. GatewayListState.PageSizes];

    private MudDataGrid<GatewayDto>? _grid;
    private bool _backToFirstPage;

    [Inject]
    public required IGatewayService Gateways { get; init; }

    [SupplyParameterFromQuery(Name = "page")]
    public int? PageParameter { get; set; }

    [SupplyParameterFromQuery(Name = "per_page")]
    public int? PerPageParameter { get; set; }

    [SupplyParameterFromQuery(Name = "search")]
    public string? SearchParameter { get; set; }

    [SupplyParameterFromQuery(Name = "status")]
    public string? StatusParameter { get; set; }

    internal GatewayListState State { get; private set; } = GatewayListState.Default;

    internal string? LoadError { get; private set; }

    private bool CanWrite => Can(Permission.WriteRegistry);

    protected override async Task OnParametersSetAsync()
    {
        var fromUrl = GatewayListState.FromQuery(PageParameter, PerPageParameter, SearchParameter, StatusParameter);
        if (fromUrl == State)
        {
            return;
        }

        // First render, or the URL changed under us (back button, edited address): show what it says.
        State = fromUrl;
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private async Task<GridData<GatewayDto>> LoadAsync(GridState<GatewayDto> grid, CancellationToken cancellationToken)
    {
        State = State with { Page = _backToFirstPage ? 1 : grid.Page + 1, PerPage = grid.PageSize };
        _backToFirstPage = false;
        LoadError = null;

        GridData<GatewayDto> data;
        if (Actor is null)
        {
            LoadError = "Your account has no console role; ask an admin for one.";
            data = Empty();
        }
        else
        {
            try
            {
                var result = await Gateways.ListAsync(State.ToServiceQuery(), Actor, cancellationToken);
                data = result.IsSuccess
                    ? new GridData<GatewayDto> { Items = result.Value.Items, TotalItems = result.Value.Total }
                    : Fail(result.Error.Message);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // A newer request replaced this one (typing in the search box).
                return Empty();
            }
        }

        Navigation.ShowInUrl(State);
        StateHasChanged();
        return data;

        GridData<GatewayDto> Fail(string message)
        {
            LoadError = message;
            return Empty();
        }
    }

    private static GridData<GatewayDto> Empty() => new() { Items = [], TotalItems = 0 };

    private Task OnSearchChangedAsync(string? search) => ApplyFilterAsync(State with { Search = string.IsNullOrWhiteSpace(search) ? null : search.Trim() });

    private Task OnStatusChangedAsync(string status) => ApplyFilterAsync(State with { Status = status });

    private Task ClearFiltersAsync() => ApplyFilterAsync(State with { Search = null, Status = GatewayListState.Active });

    private async Task ApplyFilterAsync(GatewayListState next)
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

    private void OpenGateway(DataGridRowClickEventArgs<GatewayDto> row) => Navigation.NavigateTo(GatewayPresentation.DetailHref(row.Item));
}
