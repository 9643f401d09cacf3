namespace RegistryConsole.Api;

/// <summary>The HTTP side of optimistic concurrency: an If-Match header read as the revision it names.</summary>
public static class IfMatchHeader
{
    /// <summary>Parses an If-Match value into a revision; null when absent or "*".</summary>
    public static bool TryParse(string? ifMatch, out int? revision)
    {
        revision = null;
        if (string.IsNullOrWhiteSpace(ifMatch) || ifMatch.Trim() == "*")
        {
            return true;
        }

        var text = ifMatch.Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        if (int.TryParse(text.Trim('"'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            revision = value;
            return true;
        }

        return false;
    }
}
