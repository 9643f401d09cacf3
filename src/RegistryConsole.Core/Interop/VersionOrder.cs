using System.Globalization;

namespace RegistryConsole.Core.Interop;

/// <summary>Semantic versions (a leading <c>v</c> allowed) and their precedence, for <c>isLatest</c>.</summary>
public static class VersionOrder
{
    public sealed record SemVer(int Major, int Minor, int Patch, string[] PreRelease);

    /// <summary>Parses <c>1.2.3</c>, <c>v1.2.3</c>, <c>1.2.3-beta.1+build</c>; <c>v1</c> and <c>1.2</c> count as <c>1.0.0</c> and <c>1.2.0</c>.</summary>
    public static SemVer? Parse(string version)
    {
        var text = version.StartsWith('v') || version.StartsWith('V') ? version[1..] : version;
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        text = plus >= 0 ? text[..plus] : text;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var core = dash >= 0 ? text[..dash] : text;
        var pre = dash >= 0 ? text[(dash + 1)..].Split('.') : [];
        var parts = core.Split('.');
        if (parts.Length is < 1 or > 3 || pre.Any(p => p.Length == 0))
        {
            return null;
        }

        var numbers = new int[3];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0 || !parts[i].All(char.IsAsciiDigit) || !int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return null;
            }
        }

        return new SemVer(numbers[0], numbers[1], numbers[2], pre);
    }

    public static int Compare(SemVer a, SemVer b)
    {
        var core = (a.Major, a.Minor, a.Patch).CompareTo((b.Major, b.Minor, b.Patch));
        if (core != 0)
        {
            return core;
        }

        // A pre-release sorts before its release.
        if (a.PreRelease.Length == 0 || b.PreRelease.Length == 0)
        {
            return (a.PreRelease.Length == 0, b.PreRelease.Length == 0) switch
            {
                (true, true) => 0,
                (true, false) => 1,
                _ => -1,
            };
        }

        for (var i = 0; i < Math.Min(a.PreRelease.Length, b.PreRelease.Length); i++)
        {
            var (x, y) = (a.PreRelease[i], b.PreRelease[i]);
            var xNum = x.All(char.IsAsciiDigit) && x.Length < 10;
            var yNum = y.All(char.IsAsciiDigit) && y.Length < 10;
            var part = (xNum, yNum) switch
            {
                (true, true) => int.Parse(x, CultureInfo.InvariantCulture).CompareTo(int.Parse(y, CultureInfo.InvariantCulture)),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(x, y),
            };
            if (part != 0)
            {
                return part;
            }
        }

        return a.PreRelease.Length.CompareTo(b.PreRelease.Length);
    }

    /// <summary>
    /// The latest of one name's versions: the highest semantic version when every version parses as one, else the most
    /// recently approved.
    /// </summary>
    public static T? Latest<T>(IReadOnlyCollection<T> versions, Func<T, string> version, Func<T, DateTime> approvedAt) where T : class
    {
        if (versions.Count == 0)
        {
            return null;
        }

        var parsed = versions.Select(v => (Item: v, Semver: Parse(version(v)))).ToList();
        if (parsed.All(p => p.Semver is not null))
        {
            return parsed.Aggregate((best, next) => Compare(next.Semver!, best.Semver!) > 0 ? next : best).Item;
        }

        return versions.OrderByDescending(approvedAt).ThenByDescending(version, StringComparer.Ordinal).First();
    }
}
