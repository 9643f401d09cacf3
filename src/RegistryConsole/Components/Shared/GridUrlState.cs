using System.Globalization;
using Microsoft.AspNetCore.Components;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Components.Shared;

/// <summary>
/// The base of every list page's state as it lives in the query string (<c>?page=2&amp;per_page=50&amp;search=fs</c>), so a
/// reload or a shared link shows the same page: paging here, each page's filters in its own record. Values the
/// service would refuse fall back to the defaults; defaults stay out of the URL so it stays short.
/// </summary>
/// <param name="DefaultPageSize">The page size when the URL names none.</param>
public abstract record GridUrlState(int DefaultPageSize)
{
    /// <summary>1-based page number.</summary>
    public int Page { get; init; } = 1;

    public int PerPage { get; init; } = DefaultPageSize;

    /// <summary>Whether anything narrows the list (for "No match; clear filters" versus "Nothing here yet").</summary>
    public abstract bool HasFilters { get; }

    /// <summary>The query-string parameters of this state; null removes a parameter (a default).</summary>
    public IReadOnlyDictionary<string, object?> ToQuery()
    {
        var query = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["page"] = Page == 1 ? null : Page.ToString(CultureInfo.InvariantCulture),
            ["per_page"] = PerPage == DefaultPageSize ? null : PerPage.ToString(CultureInfo.InvariantCulture),
        };
        AddFilters(query);
        return query;
    }

    public PageRequest ToPageRequest() => new(Page, PerPage);

    /// <summary>Adds the page's own filters to <paramref name="query"/> (null for a default).</summary>
    protected abstract void AddFilters(IDictionary<string, object?> query);

    /// <summary>A page number from the URL: 1 unless it is positive.</summary>
    public static int PageOf(int? page) => page is > 0 ? page.Value : 1;

    /// <summary>A page size from the URL: <paramref name="fallback"/> unless the service would take it.</summary>
    public static int PerPageOf(int? perPage, int fallback) => perPage is { } size && size is >= 1 and <= PageRequestRules.MaxPerPage ? size : fallback;

    /// <summary>Free text from the URL: trimmed, null when blank.</summary>
    public static string? TextOf(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>Puts a list page's <see cref="GridUrlState"/> into the address bar.</summary>
public static class GridUrl
{
    /// <summary>
    /// Replaces the current history entry with the URL of <paramref name="state"/> when it differs, so paging and
    /// filtering do not fill the back button; true when the URL changed.
    /// </summary>
    public static bool ShowInUrl(this NavigationManager navigation, GridUrlState state)
    {
        var uri = navigation.GetUriWithQueryParameters(state.ToQuery());
        if (uri == navigation.Uri)
        {
            return false;
        }

        navigation.NavigateTo(uri, new NavigationOptions { ReplaceHistoryEntry = true });
        return true;
    }
}
