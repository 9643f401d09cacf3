using System.Globalization;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Api;

/// <summary>Reads query parameters by their wire names and collects a 400 naming each bad one.</summary>
public sealed class QueryReader(IQueryCollection query)
{
    private readonly FieldErrors _errors = new();

    public string? Text(string name)
    {
        var value = query[name].FirstOrDefault();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public int? Number(string name)
    {
        var value = Text(name);
        if (value is null)
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        _errors.Add(name, "must be a whole number");
        return null;
    }

    public bool? Flag(string name)
    {
        var value = Text(name);
        if (value is null)
        {
            return null;
        }

        if (bool.TryParse(value, out var flag))
        {
            return flag;
        }

        _errors.Add(name, "must be true or false");
        return null;
    }

    public PageRequest PageRequest() => new(Number("page") ?? 1, Number("per_page") ?? 20);

    public IResult? Problem() => _errors.IsEmpty ? null : ApiResults.Problem(_errors.ToError());
}
