namespace RegistryConsole.Core.Common;

/// <summary>Builds the dotted JSON paths used as keys of validation errors (<c>servers[3].mcp_config.config.command</c>).</summary>
public static class JsonPath
{
    public static string Combine(string prefix, string path)
    {
        if (string.IsNullOrEmpty(prefix))
        {
            return path;
        }

        if (string.IsNullOrEmpty(path))
        {
            return prefix;
        }

        return path[0] == '[' ? prefix + path : prefix + "." + path;
    }

    public static string Index(string prefix, int index) => $"{prefix}[{index}]";

    /// <summary>Turns a System.Text.Json path (<c>$.a.b[0]</c> or <c>$['x-y']</c>) into ours.</summary>
    public static string FromSystemTextJson(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return string.Empty;
        }

        var trimmed = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return trimmed.Replace("['", ".", StringComparison.Ordinal).Replace("']", string.Empty, StringComparison.Ordinal).TrimStart('.');
    }
}
