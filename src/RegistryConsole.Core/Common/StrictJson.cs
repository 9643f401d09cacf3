using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;

namespace RegistryConsole.Core.Common;

/// <summary>
/// Reads a JSON node into a typed body and validates it, reporting every problem under its JSON path.
/// Unknown members are rejected (a typo must never be dropped silently).
/// </summary>
public static class StrictJson
{
    public static T? Read<T>(JsonNode? node, IValidator<T> validator, string prefix, FieldErrors errors)
        where T : class
    {
        if (node is not JsonObject)
        {
            errors.Add(string.IsNullOrEmpty(prefix) ? "body" : prefix, "must be a JSON object");
            return null;
        }

        // Limits first: nothing oversized is deserialized, validated or echoed.
        var limits = new FieldErrors();
        InputLimits.Check(node, prefix, limits);
        if (!limits.IsEmpty)
        {
            errors.AddAll(limits);
            return null;
        }

        T? value;
        try
        {
            value = node.Deserialize<T>(JsonDefaults.Options);
        }
        catch (JsonException ex)
        {
            var (path, message) = Describe(ex);
            errors.Add(JsonPath.Combine(prefix, path), message);
            return null;
        }

        if (value is null)
        {
            errors.Add(string.IsNullOrEmpty(prefix) ? "body" : prefix, "must be a JSON object");
            return null;
        }

        var result = validator.Validate(value);
        foreach (var failure in result.Errors)
        {
            errors.Add(JsonPath.Combine(prefix, failure.PropertyName), failure.ErrorMessage);
        }

        return result.IsValid ? value : null;
    }

    /// <summary>Turns a serializer exception into a path and a message with no .NET type names in it.</summary>
    internal static (string Path, string Message) Describe(JsonException ex)
    {
        var path = JsonPath.FromSystemTextJson(ex.Path);
        var text = ex.Message;
        if (text.Contains("could not be mapped", StringComparison.Ordinal))
        {
            var start = text.IndexOf('\'', StringComparison.Ordinal);
            var end = start < 0 ? -1 : text.IndexOf('\'', start + 1);
            var field = end > start ? text[(start + 1)..end] : null;
            if (field is not null && !path.EndsWith(field, StringComparison.Ordinal))
            {
                path = JsonPath.Combine(path, field);
            }

            return (path, "unknown field");
        }

        if (text.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
        {
            return (path, "is given more than once");
        }

        return (path, "has the wrong type: expected " + ExpectedType(text));
    }

    private static string ExpectedType(string message)
    {
        var marker = "converted to ";
        var at = message.IndexOf(marker, StringComparison.Ordinal);
        var type = at < 0 ? string.Empty : message[(at + marker.Length)..];
        return type switch
        {
            _ when type.StartsWith("System.Nullable`1[System.Boolean]", StringComparison.Ordinal) || type.StartsWith("System.Boolean", StringComparison.Ordinal) => "true or false",
            _ when type.StartsWith("System.Nullable`1[System.Int32]", StringComparison.Ordinal) || type.StartsWith("System.Int32", StringComparison.Ordinal) => "a whole number",
            _ when type.StartsWith("System.String", StringComparison.Ordinal) => "a string",
            _ when type.StartsWith("System.Collections.Generic.Dictionary", StringComparison.Ordinal) => "an object whose values are strings",
            _ when type.StartsWith("System.Collections.Generic.List`1[System.String]", StringComparison.Ordinal) => "an array of strings",
            _ when type.StartsWith("System.Collections.Generic.List", StringComparison.Ordinal) => "an array",
            _ => "an object",
        };
    }
}
