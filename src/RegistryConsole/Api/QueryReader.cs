using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Api;

/// <summary>Reads query values by their wire names and collects a 400 naming each bad one.</summary>
public sealed class QueryReader
{
    private readonly FieldErrors _errors = new();

    public static string? Text(string[]? values) => RequestBindings.First(values);

    public int? Number(string name, string[]? values)
    {
        if (Text(values) is not { } value)
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

    public bool? Flag(string name, string[]? values)
    {
        if (Text(values) is not { } value)
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

    public IResult? Problem() => _errors.IsEmpty ? null : ApiResults.Problem(_errors.ToError());
}

/// <summary>
/// Query parameters bound as the raw strings they are (so a bad value is our 400 naming it, not the framework's) and
/// read into <typeparamref name="T"/>; use with <c>[AsParameters]</c>.
/// </summary>
public abstract class QueryParameters<T> : IRequestBinding
{
    public T Value => Read(new QueryReader());

    public IResult? Problem
    {
        get
        {
            var reader = new QueryReader();
            Read(reader);
            return reader.Problem();
        }
    }

    protected abstract T Read(QueryReader reader);
}

public sealed class PageParameters : QueryParameters<PageRequest>
{
    [FromQuery(Name = "page")]
    public string[]? Page { get; init; }

    [FromQuery(Name = "per_page")]
    public string[]? PerPage { get; init; }

    protected override PageRequest Read(QueryReader reader) => new(reader.Number("page", Page) ?? 1, reader.Number("per_page", PerPage) ?? 20);
}

public sealed class ServerListParameters : QueryParameters<ServerListQuery>
{
    [FromQuery(Name = "page")]
    public string[]? Page { get; init; }

    [FromQuery(Name = "per_page")]
    public string[]? PerPage { get; init; }

    [FromQuery(Name = "is_active")]
    public string[]? IsActive { get; init; }

    [FromQuery(Name = "search")]
    public string[]? Search { get; init; }

    [FromQuery(Name = "review_status")]
    public string[]? ReviewStatus { get; init; }

    [FromQuery(Name = "sort")]
    public string[]? Sort { get; init; }

    [FromQuery(Name = "order")]
    public string[]? Order { get; init; }

    protected override ServerListQuery Read(QueryReader reader) => new()
    {
        Page = reader.Number("page", Page) ?? 1,
        PerPage = reader.Number("per_page", PerPage) ?? 20,
        IsActive = reader.Flag("is_active", IsActive),
        Search = QueryReader.Text(Search),
        ReviewStatus = QueryReader.Text(ReviewStatus),
        Sort = QueryReader.Text(Sort) ?? "saved_name",
        Order = QueryReader.Text(Order) ?? "asc",
    };
}

public sealed class GatewayListParameters : QueryParameters<GatewayListQuery>
{
    [FromQuery(Name = "page")]
    public string[]? Page { get; init; }

    [FromQuery(Name = "per_page")]
    public string[]? PerPage { get; init; }

    [FromQuery(Name = "is_active")]
    public string[]? IsActive { get; init; }

    [FromQuery(Name = "search")]
    public string[]? Search { get; init; }

    protected override GatewayListQuery Read(QueryReader reader) => new()
    {
        Page = reader.Number("page", Page) ?? 1,
        PerPage = reader.Number("per_page", PerPage) ?? 20,
        IsActive = reader.Flag("is_active", IsActive),
        Search = QueryReader.Text(Search),
    };
}

/// <summary><c>?dry_run=true</c>: check and report, store nothing.</summary>
public sealed class DryRunParameter : QueryParameters<bool>
{
    [FromQuery(Name = "dry_run")]
    public string[]? DryRun { get; init; }

    protected override bool Read(QueryReader reader) => reader.Flag("dry_run", DryRun) ?? false;
}

/// <summary>The required <c>?id=</c> of the admin endpoints that change one key or user.</summary>
public sealed class IdParameter : IRequestBinding
{
    [FromQuery(Name = "id")]
    public string[]? Id { get; init; }

    public string Value => Id is { Length: > 0 } && !string.IsNullOrWhiteSpace(Id[0]) ? Id[0] : string.Empty;

    public IResult? Problem => Value.Length > 0
        ? null
        : ApiResults.Problem(StatusCodes.Status400BadRequest, "id: is required", new Dictionary<string, string[]> { ["id"] = ["is required"] });
}

/// <summary>The <c>?format=</c> of the exports; Core checks the value.</summary>
public sealed class FormatParameter
{
    [FromQuery(Name = "format")]
    public string[]? Format { get; init; }

    public string Value => Format is { Length: > 0 } ? Format[0] : string.Empty;
}
