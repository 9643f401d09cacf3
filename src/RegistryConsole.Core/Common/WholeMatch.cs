using System.Text.RegularExpressions;

namespace RegistryConsole.Core.Common;

/// <summary>
/// The one place a documented pattern becomes a .NET check. Documents (OpenAPI, the editor's JSON Schema) carry the
/// ECMAScript form <c>^…$</c>, where <c>$</c> is the end of the string; in .NET <c>$</c> also matches before a final
/// <c>\n</c>, so <c>"dup-probe\n"</c> passed as a name. Every rule checks with <see cref="Of"/>: <c>\A…\z</c>, the true ends.
/// </summary>
public static class WholeMatch
{
    public static Regex Of(string documentedPattern)
    {
        if (!documentedPattern.StartsWith('^') || !documentedPattern.EndsWith('$'))
        {
            throw new ArgumentException("a documented pattern is written ^...$", nameof(documentedPattern));
        }

        return new Regex(@"\A(?:" + documentedPattern[1..^1] + @")\z", RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));
    }
}
