using System.Text.RegularExpressions;

namespace RegistryConsole.Core.Common;

/// <summary>Names and versions: 1 to 128 characters of <c>[A-Za-z0-9._-]</c>, starting with a letter or digit (API.md §1.1).</summary>
public static class Identifiers
{
    public const string Rule = "must be 1 to 128 characters of letters, digits, '.', '_' or '-', starting with a letter or digit";

    public const string DefaultVersion = "v1";

    /// <summary>The rule as a regular expression, for documents that describe it (OpenAPI); checked through <see cref="WholeMatch"/>.</summary>
    public const string RegexPattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$";

    private static readonly Regex Pattern = WholeMatch.Of(RegexPattern);

    /// <summary>
    /// The check of every name and version: <c>saved_name</c>, <c>server_version</c>, gateway names and versions,
    /// gateway entries, and the name/version headers.
    /// </summary>
    public static bool IsValid(string? value) => value is not null && Pattern.IsMatch(value);
}
