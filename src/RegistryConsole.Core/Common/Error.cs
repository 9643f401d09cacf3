namespace RegistryConsole.Core.Common;

/// <summary>The kinds of expected failure a service can report.</summary>
public enum ErrorKind
{
    Validation,
    NotFound,
    Conflict,
    Forbidden,
    PreconditionFailed,
}

/// <summary>An expected failure: a human message and, for validation, messages keyed by JSON path.</summary>
public sealed record Error(ErrorKind Kind, string Message, IReadOnlyDictionary<string, string[]>? FieldErrors = null)
{
    public static Error NotFound(string message) => new(ErrorKind.NotFound, message);

    public static Error Conflict(string message) => new(ErrorKind.Conflict, message);

    public static Error Forbidden(string message) => new(ErrorKind.Forbidden, message);

    public static Error PreconditionFailed(string message) => new(ErrorKind.PreconditionFailed, message);

    public static Error Validation(string path, string message) =>
        new(ErrorKind.Validation, $"{path}: {message}", new Dictionary<string, string[]> { [path] = [message] });

    public static Error Validation(IReadOnlyDictionary<string, string[]> fieldErrors, string? message = null)
    {
        var first = fieldErrors.First();
        return new(ErrorKind.Validation, message ?? $"{first.Key}: {first.Value[0]}" + (fieldErrors.Count > 1 ? $" (and {fieldErrors.Count - 1} more)" : string.Empty), fieldErrors);
    }
}
