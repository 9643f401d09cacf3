using System.Text;
using System.Text.RegularExpressions;
using RegistryConsole.Core.Projects;

namespace RegistryConsole.Core.Interop;

/// <summary>
/// The reverse-DNS namespace in front of every MCP Registry v0.1 name (<c>&lt;namespace&gt;/&lt;saved_name&gt;</c>).
/// At most 64 characters, so that with a 128-character saved_name the name stays within the contract's 200.
/// </summary>
public static partial class RegistryNamespaces
{
    public const int MaxLength = 64;

    public const string Rule = "must be a reverse-DNS namespace such as 'com.example': 2 to 64 characters, dot-separated labels of letters, digits and '-'";

    public const string RegexPattern = @"^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$";

    public static bool IsValid(string value) => value.Length <= MaxLength && Pattern().IsMatch(value);

    /// <summary>The project's namespace: the one set, else <c>local.&lt;project name&gt;</c>.</summary>
    public static string Of(Project project) => project.RegistryNamespace ?? DefaultFor(project.Name);

    public static string DefaultFor(string projectName)
    {
        var label = new StringBuilder();
        foreach (var c in projectName.ToLowerInvariant())
        {
            label.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        var text = label.ToString().Trim('-');
        text = text.Length == 0 ? "project" : text;
        return "local." + text[..Math.Min(text.Length, MaxLength - "local.".Length)].TrimEnd('-');
    }

    [GeneratedRegex(RegexPattern, RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
