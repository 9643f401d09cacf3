using Microsoft.AspNetCore.Mvc;

namespace RegistryConsole.Api;

/// <summary>The HTTP side of optimistic concurrency: an If-Match header read as the revision it names.</summary>
public static class IfMatchHeader
{
    public const string Name = "If-Match";

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

/// <summary>The revision an <c>If-Match</c> header expects; a value that names no revision can never match (412). Use with <c>[AsParameters]</c>.</summary>
public sealed class IfMatch : IRequestBinding
{
    [FromHeader(Name = IfMatchHeader.Name)]
    public string[]? Value { get; init; }

    public int? Revision => IfMatchHeader.TryParse(Header, out var revision) ? revision : null;

    public IResult? Problem => IfMatchHeader.TryParse(Header, out _)
        ? null
        : ApiResults.Problem(StatusCodes.Status412PreconditionFailed, "If-Match does not name a revision of this resource");

    private string? Header => Value is { Length: > 0 } ? Value[0] : null;
}
