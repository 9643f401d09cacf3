using Microsoft.AspNetCore.Components;
using MudBlazor;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Reviews;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Components.Pages.Reviews;

/// <summary>Servers waiting for review, oldest first (<see cref="IReviewService.ListPendingAsync"/>), the page in the URL.</summary>
public sealed partial class ReviewQueue
{
    public const int DefaultPerPage = 20;

    private static readonly int[] PageSizeOptions = [10, 20, 50, 100];

    private MudDataGrid<ServerDto>? _grid;

    [Inject]
    public required IReviewService Reviews { get; init; }

    [SupplyParameterFromQuery(Name = "page")]
    public int? PageParameter { get; set; }

    [SupplyParameterFromQuery(Name = "per_page")]
    public int? PerPageParameter { get; set; }

    internal ReviewQueueState State { get; private set; } = new();

    internal int? Total { get; private set; }

    internal string? LoadError { get; private set; }

    protected override async Task OnParametersSetAsync()
    {
        var fromUrl = ReviewQueueState.FromQuery(PageParameter, PerPageParameter);
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

    private async Task<GridData<ServerDto>> LoadAsync(GridState<ServerDto> grid, CancellationToken cancellationToken)
    {
        State = State with { Page = grid.Page + 1, PerPage = grid.PageSize };
        LoadError = null;
        GridData<ServerDto> data = new() { Items = [], TotalItems = 0 };
        if (Actor is null)
        {
            LoadError = "Your account has no console role; ask an admin for one.";
        }
        else
        {
            try
            {
                var result = await Reviews.ListPendingAsync(State.ToPageRequest(), Actor, cancellationToken);
                if (result.IsSuccess)
                {
                    Total = result.Value.Total;
                    data = new GridData<ServerDto> { Items = result.Value.Items, TotalItems = result.Value.Total };
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

    /// <summary>Someone approved, rejected, changed or restored a server: the queue and its count follow (issue 13 item 8).</summary>
    private Task ReloadAsync() => _grid?.ReloadServerData() ?? Task.CompletedTask;

    private void OpenReview(DataGridRowClickEventArgs<ServerDto> row) => Navigation.NavigateTo(ReviewPresentation.ReviewHref(row.Item));
}

/// <summary>The review queue's page as it lives in the query string (<c>?page=2&amp;per_page=50</c>); it has no filters.</summary>
public sealed record ReviewQueueState() : GridUrlState(ReviewQueue.DefaultPerPage)
{
    public override bool HasFilters => false;

    public static ReviewQueueState FromQuery(int? page, int? perPage) => new() { Page = PageOf(page), PerPage = PerPageOf(perPage, ReviewQueue.DefaultPerPage) };

    protected override void AddFilters(IDictionary<string, object?> query)
    {
        // Oldest first, always: nothing to filter.
    }
}
