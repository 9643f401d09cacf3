namespace RegistryConsole.Core.Common;

/// <summary>One page of a list, with the totals a client needs to page on.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PerPage, int Total)
{
    public int TotalPages => Total == 0 ? 0 : (Total + PerPage - 1) / PerPage;
}

/// <summary>Page number and size as a client asked for them; validated by <see cref="PageRequestRules"/>.</summary>
public sealed record PageRequest(int Page = 1, int PerPage = 20)
{
    /// <summary>Rows before this page; a long, because a huge page number times the page size overflows an int.</summary>
    public long Skip => (long)(Page - 1) * PerPage;
}

public static class PageRequestRules
{
    public const int MaxPerPage = 100;

    public static Error? Check(PageRequest request)
    {
        if (request.Page < 1)
        {
            return Error.Validation("page", "must be 1 or more");
        }

        return request.PerPage is < 1 or > MaxPerPage ? Error.Validation("per_page", $"must be between 1 and {MaxPerPage}") : null;
    }
}

public static class PagingExtensions
{
    /// <summary>One page of a query; a page beyond any possible offset is empty (SQLite reads a negative OFFSET as 0).</summary>
    public static IQueryable<T> TakePage<T>(this IQueryable<T> query, PageRequest page) =>
        page.Skip > int.MaxValue ? query.Take(0) : query.Skip((int)page.Skip).Take(page.PerPage);
}
