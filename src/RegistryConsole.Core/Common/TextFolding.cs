namespace RegistryConsole.Core.Common;

/// <summary>
/// The one case folding of every search: servers, gateways, audit entity names and actors. Stored text is folded by
/// .NET when it is written and a search term when it arrives, so "über" finds "Über" on SQLite and PostgreSQL alike
/// (SQL <c>lower()</c> folds ASCII only on both, under the byte-order collation they share).
/// </summary>
public static class TextFolding
{
    public static string Fold(string text) => text.ToLowerInvariant();

    /// <summary>The stored search text of a row: its searchable fields, one per line (a missing one as an empty line), folded.</summary>
    public static string SearchText(params string?[] fields) => Fold(string.Join('\n', fields.Select(f => f ?? string.Empty)));

    /// <summary>A search term as typed (trimmed and folded), or null when there is none.</summary>
    public static string? Term(string? search) => string.IsNullOrWhiteSpace(search) ? null : Fold(search.Trim());
}
