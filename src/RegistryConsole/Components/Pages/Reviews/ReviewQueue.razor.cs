using System.Globalization;
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

    internal int Page { get; private set; } = 1;

    internal int PerPage { get; private set; } = DefaultPerPage;

    internal int? Total { get; private set; }

    internal string? LoadError { get; private set; }

    protected override async Task OnParametersSetAsync()
    {
        var page = PageParameter is > 0 ? PageParameter.Value : 1;
        var perPage = PerPageParameter is { } size && size is >= 1 and <= PageRequestRules.MaxPerPage ? size : DefaultPerPage;
        if (page == Page && perPage == PerPage)
        {
            return;
        }

        Page = page;
        PerPage = perPage;
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private async Task<GridData<ServerDto>> LoadAsync(GridState<ServerDto> grid, CancellationToken cancellationToken)
    {
        Page = grid.Page + 1;
        PerPage = grid.PageSize;
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
                var result = await Reviews.ListPendingAsync(new PageRequest(Page, PerPage), Actor, cancellationToken);
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

        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["page"] = Page == 1 ? null : Page.ToString(CultureInfo.InvariantCulture),
            ["per_page"] = PerPage == DefaultPerPage ? null : PerPage.ToString(CultureInfo.InvariantCulture),
        }), new NavigationOptions { ReplaceHistoryEntry = true });
        StateHasChanged();
        return data;
    }

    private void OpenReview(DataGridRowClickEventArgs<ServerDto> row) => Navigation.NavigateTo(ReviewPresentation.ReviewHref(row.Item));
}
