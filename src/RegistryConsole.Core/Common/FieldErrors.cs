namespace RegistryConsole.Core.Common;

/// <summary>Collects validation messages by JSON path, in the order they were found.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public void Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var list))
        {
            list = [];
            _errors[path] = list;
        }

        if (!list.Contains(message))
        {
            list.Add(message);
        }
    }

    public void AddAll(FieldErrors other, string prefix = "")
    {
        foreach (var (path, messages) in other._errors)
        {
            foreach (var message in messages)
            {
                Add(JsonPath.Combine(prefix, path), message);
            }
        }
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public Error ToError(string? message = null) => Error.Validation(ToDictionary(), message);
}
