using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace RegistryConsole.Infrastructure.OpenApi;

// The generator sees each endpoint's parameters, body schema and success types (the binders and typed results of Api/).
// These records add what it cannot know: descriptions, examples, the error answers, and the rules of parameters the
// binders read as raw strings. ApiDocs holds one OperationDoc per endpoint name.

/// <summary>What the OpenAPI document adds to one endpoint, keyed by its endpoint name (<c>.WithName(...)</c>).</summary>
public sealed record OperationDoc
{
    public required string Name { get; init; }

    /// <summary>Markdown: the rules a caller needs beyond the summary.</summary>
    public required string Description { get; init; }

    /// <summary>Query parameters whose wording is this endpoint's own; the others come from <see cref="ApiDocs.Query"/> by name.</summary>
    public IReadOnlyList<QueryDoc> Query { get; init; } = [];

    /// <summary>Examples of the JSON body, for an endpoint that takes one.</summary>
    public BodyDoc? Request { get; init; }

    /// <summary>Success and endpoint-specific error responses. 401, 403, 429 (and 413, 415 with a body) are added to every secured endpoint unless listed here.</summary>
    public required IReadOnlyList<ResponseDoc> Responses { get; init; }
}

/// <summary>A request header parameter.</summary>
public sealed record HeaderDoc(string Name, string Description, bool Required = false, string? Default = null, string? Pattern = null, string? Example = null);

/// <summary>A query parameter.</summary>
public sealed record QueryDoc(string Name, string Description, JsonSchemaType Type, bool Required = false, JsonNode? Default = null, IReadOnlyList<string>? Enum = null, int? Minimum = null, int? Maximum = null);

/// <summary>Examples of a JSON request body; its schema is the generator's (the <c>TSchema</c> of <c>JsonBody&lt;TSchema&gt;</c>).</summary>
public sealed record BodyDoc(IReadOnlyList<ExampleDoc> Examples);

/// <summary>One response status with its examples; the schema of a success is the generator's, of an error <see cref="Api.ApiProblem"/>.</summary>
public sealed record ResponseDoc(int Status, string Description, IReadOnlyList<ExampleDoc> Examples)
{
    /// <summary>True when the response carries the resource's <c>ETag</c>.</summary>
    public bool ETag { get; init; }

    /// <summary>True for the MCP Registry v0.1 errors: <c>{"error": "..."}</c> as application/json, not a problem.</summary>
    public bool PlainError { get; init; }

    public bool IsProblem => Status >= 400 && !PlainError;
}

/// <summary>A named example value. The value is cloned each time it is placed in a document.</summary>
public sealed record ExampleDoc(string Name, string Summary, JsonNode Value);

/// <summary>An example of the error body (API.md §1.3) for one status; the full body is built from <see cref="Api.ApiProblem"/>.</summary>
public sealed record ProblemExample(string Name, string Summary, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null);
