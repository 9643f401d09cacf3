using RegistryConsole.Core.Common;

namespace RegistryConsole.Components.Shared;

/// <summary>
/// Sorts the field errors of a service <see cref="Error"/> onto the fields of a form (as <see cref="JsonEditorError"/>s,
/// paths relative to the field): each field claims the paths under
/// its prefix (<c>servers_config.common_overrides</c>), and whatever no field claims goes to the snackbar.
/// </summary>
public static class FieldErrorPaths
{
    /// <summary>The messages at or under <paramref name="prefix"/>, with paths relative to it.</summary>
    public static IReadOnlyList<JsonEditorError> Under(IReadOnlyDictionary<string, string[]>? errors, string prefix) =>
        errors is null
            ? []
            : errors.Where(e => IsUnder(e.Key, prefix))
                .SelectMany(e => e.Value.Select(m => new JsonEditorError(Relative(e.Key, prefix), m)))
                .ToList();

    /// <summary>The messages of <paramref name="errors"/> that none of <paramref name="prefixes"/> claims, as "path: message" lines.</summary>
    public static IReadOnlyList<string> Unclaimed(IReadOnlyDictionary<string, string[]>? errors, IEnumerable<string> prefixes)
    {
        if (errors is null)
        {
            return [];
        }

        var claimed = prefixes.ToList();
        return errors.Where(e => !claimed.Any(p => IsUnder(e.Key, p)))
            .SelectMany(e => e.Value.Select(m => string.IsNullOrEmpty(e.Key) ? m : $"{e.Key}: {m}"))
            .ToList();
    }

    public static bool IsUnder(string path, string prefix) =>
        prefix.Length == 0
        || path == prefix
        || (path.StartsWith(prefix, StringComparison.Ordinal) && path.Length > prefix.Length && path[prefix.Length] is '.' or '[');

    private static string Relative(string path, string prefix) =>
        path.Length <= prefix.Length ? string.Empty : path[prefix.Length] == '.' ? path[(prefix.Length + 1)..] : path[prefix.Length..];

    /// <summary>One line per message, for a field's helper text.</summary>
    public static string? Describe(IReadOnlyList<JsonEditorError> messages) =>
        messages.Count == 0 ? null : string.Join("; ", messages.Select(m => string.IsNullOrEmpty(m.Path) ? m.Message : $"{m.Path}: {m.Message}"));
}
