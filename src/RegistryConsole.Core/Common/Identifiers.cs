using System.Text.RegularExpressions;

namespace RegistryConsole.Core.Common;

/// <summary>Names and versions: 1 to 128 characters of <c>[A-Za-z0-9._-]</c>, starting with a letter or digit (API.md §1.1).</summary>
public static partial class Identifiers
{
    public const string Rule = "must be 1 to 128 characters of letters, digits, '.', '_' or '-', starting with a letter or digit";

    public const string DefaultVersion = "v1";

    /// <summary>The rule as a regular expression, for documents that describe it (OpenAPI).</summary>
    public const string RegexPattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$";

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    [GeneratedRegex(RegexPattern, RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
