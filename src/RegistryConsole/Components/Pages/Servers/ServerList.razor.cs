using Microsoft.AspNetCore.Components;
using MudBlazor;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Components.Pages.Servers;

/// <summary>
/// The registry's servers: one page at a time from <see cref="IServerService.ListAsync"/>, with the grid state in the URL;
/// with <c>?added=</c>, exactly the servers it names (where bulk add lands), one page of them at a time.
/// </summary>
public sealed partial class ServerList
{
    private const string AnyReview = "any";

    private static readonly int[] PageSizeOptions = [.. ServerListState.PageSizes];

    private MudDataGrid<ServerDto>? _grid;
    private bool _backToFirstPage;

    [Inject]
    public required IServerService Servers { get; init; }

    [Inject]
    public required IGatewayService Gateways { get; init; }

    private IReadOnlyDictionary<ServerKey, int> _gatewayCounts = new Dictionary<ServerKey, int>();

    [SupplyParameterFromQuery(Name = "page")]
    public int? PageParameter { get; set; }

    [SupplyParameterFromQuery(Name = "per_page")]
    public int? PerPageParameter { get; set; }

    [SupplyParameterFromQuery(Name = "search")]
    public string? SearchParameter { get; set; }

    [SupplyParameterFromQuery(Name = "status")]
    public string? StatusParameter { get; set; }

    [SupplyParameterFromQuery(Name = "review")]
    public string? ReviewParameter { get; set; }

    [SupplyParameterFromQuery(Name = "sort")]
    public string? SortParameter { get; set; }

    [SupplyParameterFromQuery(Name = "order")]
    public string? OrderParameter { get; set; }

    [SupplyParameterFromQuery(Name = "added")]
    public string? AddedParameter { get; set; }

    internal ServerListState State { get; private set; } = ServerListState.Default;

    internal string? LoadError { get; private set; }

    private bool CanWrite => Can(Permission.WriteRegistry);

    protected override async Task OnParametersSetAsync()
    {
        var fromUrl = ServerListState.FromQuery(PageParameter, PerPageParameter, SearchParameter, StatusParameter, ReviewParameter, SortParameter, OrderParameter, AddedParameter);
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

    private SortDirection InitialDirection(string column) =>
        ServerListState.SortColumns.TryGetValue(column, out var sort) && sort == State.Sort
            ? State.Order == "desc" ? SortDirection.Descending : SortDirection.Ascending
            : SortDirection.None;

    private async Task<GridData<ServerDto>> LoadAsync(GridState<ServerDto> grid, CancellationToken cancellationToken)
    {
        var sort = grid.SortDefinitions.FirstOrDefault();
        State = State with
        {
            Page = _backToFirstPage ? 1 : grid.Page + 1,
            PerPage = grid.PageSize,
            Sort = sort is not null && ServerListState.SortColumns.TryGetValue(sort.SortBy, out var column) ? column : "saved_name",
            Order = sort?.Descending == true ? "desc" : "asc",
        };
        _backToFirstPage = false;
        LoadError = null;

        GridData<ServerDto> data;
        if (Actor is null)
        {
            LoadError = "Your account has no console role; ask an admin for one.";
            data = Empty();
        }
        else
        {
            try
            {
                data = State.Added is null ? await LoadPageAsync(Actor, cancellationToken) : await LoadAddedAsync(Actor, cancellationToken);
                if (LoadError is null)
                {
                    // One query for the whole page, never one per row.
                    var keys = data.Items.Select(s => new ServerKey(s.SavedName, s.ServerVersion)).ToList();
                    var counts = await Gateways.CountByServerAsync(keys, Actor, cancellationToken);
                    _gatewayCounts = counts.IsSuccess ? counts.Value : new Dictionary<ServerKey, int>();
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // A newer request replaced this one (typing in the search box).
                return Empty();
            }
        }

        Navigation.ShowInUrl(State);

        // The grid re-renders itself; the page's own parts (error banner, filter buttons) need a render too.
        StateHasChanged();
        return data;
    }

    private async Task<GridData<ServerDto>> LoadPageAsync(Actor actor, CancellationToken cancellationToken)
    {
        var result = await Servers.ListAsync(State.ToServiceQuery(), actor, cancellationToken);
        if (!result.IsSuccess)
        {
            LoadError = result.Error.Message;
            return Empty();
        }

        return new GridData<ServerDto> { Items = result.Value.Items, TotalItems = result.Value.Total };
    }

    /// <summary>One page of the servers <c>?added=</c> names, read in one call; a name that matches nothing is left out.</summary>
    private async Task<GridData<ServerDto>> LoadAddedAsync(Actor actor, CancellationToken cancellationToken)
    {
        var keys = State.AddedKeys;
        var page = await Servers.GetManyAsync(keys.Skip((State.Page - 1) * State.PerPage).Take(State.PerPage).ToList(), actor, cancellationToken);
        return new GridData<ServerDto> { Items = page.IsSuccess ? page.Value : [], TotalItems = keys.Count };
    }

    private static GridData<ServerDto> Empty() => new() { Items = [], TotalItems = 0 };

    // Any filter leaves the "just added" list for the usual one.
    private Task OnSearchChangedAsync(string? search) => ApplyFilterAsync(State with { Search = GridUrlState.TextOf(search), Added = null });

    private Task OnStatusChangedAsync(string status) => ApplyFilterAsync(State with { Status = status, Added = null });

    private Task OnReviewChangedAsync(string review) => ApplyFilterAsync(State with { Review = review == AnyReview ? null : review, Added = null });

    private Task ClearFiltersAsync() => ApplyFilterAsync(State with { Search = null, Status = ServerListState.Active, Review = null, Added = null });

    private async Task ApplyFilterAsync(ServerListState next)
    {
        if (next == State)
        {
            return;
        }

        // A new filter starts again at page 1.
        State = next with { Page = 1 };
        _backToFirstPage = true;
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private Task ReloadAsync() => _grid?.ReloadServerData() ?? Task.CompletedTask;

    private void OpenServer(DataGridRowClickEventArgs<ServerDto> row) => Navigation.NavigateTo(ServerPresentation.DetailHref(row.Item));

    /// <summary>Active gateways referencing this version; -1 when unknown (the count could not be loaded).</summary>
    private int GatewayCount(ServerDto server) =>
        _gatewayCounts.TryGetValue(new ServerKey(server.SavedName, server.ServerVersion), out var count) ? count : -1;
}
