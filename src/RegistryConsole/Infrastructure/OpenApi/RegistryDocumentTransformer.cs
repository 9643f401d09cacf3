using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RegistryConsole.Api;

namespace RegistryConsole.Infrastructure.OpenApi;

/// <summary>
/// Adds to the generated operations what the generator cannot know, from <see cref="ApiDocs.Operations"/> (keyed by the
/// endpoint name): descriptions, the rules of the raw-string headers and query parameters, examples of the body and of
/// each answer, and the error answers. Every operation under <see cref="ApiDocs.SecuredPrefixes"/> gets the scope headers
/// the scope filter reads, the <c>apikey</c> security requirement and the 401/403/429 answers.
/// </summary>
public sealed class RegistryDocumentTransformer : IOpenApiDocumentTransformer
{
    private const string Json = "application/json";
    private const string ProblemJson = "application/problem+json";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "RegistryConsole API",
            Version = "v1",
            Description = """
                The MCP Registry Servers API, the MCP Gateways API and the admin API of RegistryConsole.

                * **Key:** every `/mcp-registry/*`, `/mcp-gateway/*` and `/admin/*` call needs an API key in the `apikey` header (alias `api_key`).
                * **Addressing:** paths are action-style; the resource is named by headers (`X-Enkrypt-MCP-Registry-Server`, `X-Enkrypt-MCP-Gateway`, their `-Version` headers).
                * **JSON:** snake_case; unknown fields are rejected with 400 naming them.
                * **Envelopes:** writes return `{message, data}`; get-* return the bare object with an `ETag`; lists return `{message, data, pagination}`.
                * **Errors:** one shape, `application/problem+json`, with `errors` keyed by JSON path on validation failures.
                * **Concurrency:** send the `ETag` of a read as `If-Match` on modify/delete; a stale one is 412.
                * **Tracing:** every response carries `X-Request-Id` (the caller's, when sent).
                """,
        };

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiDocs.SecuritySchemeId] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiHeaders.ApiKey,
            Description = "An API key (`rck_...`). The header `api_key` is accepted as an alias. Keys are created by admins with POST /admin/api-keys.",
        };

        foreach (var (path, pathItem) in document.Paths)
        {
            foreach (var operation in pathItem.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            {
                var doc = operation.OperationId is { } name ? ApiDocs.Operations.GetValueOrDefault(name) : null;
                var secured = ApiDocs.IsSecured(path);
                operation.Parameters = [.. (secured ? ApiDocs.Headers.ScopeOf(path).Select(HeaderParameter) : []), .. (operation.Parameters ?? []).Select(p => Described(p, doc))];
                if (doc is not null)
                {
                    Apply(operation, doc, document);
                }

                if (secured)
                {
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocs.SecuritySchemeId, document)] = [] }];
                    operation.Responses ??= [];
                    foreach (var common in ApiDocs.SecuredResponses.Concat(operation.RequestBody is null ? [] : ApiDocs.BodyResponses))
                    {
                        if (!operation.Responses.ContainsKey(StatusKey(common.Status)))
                        {
                            operation.Responses[StatusKey(common.Status)] = Response(common, null, document);
                        }
                    }
                }

                SortResponses(operation);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>A header or query parameter the binders read as raw strings, with its documented rules; path parameters as generated.</summary>
    private static IOpenApiParameter Described(IOpenApiParameter parameter, OperationDoc? doc) => parameter switch
    {
        { In: ParameterLocation.Header, Name: { } name } when ApiDocs.Headers.ByName.TryGetValue(name, out var header) => HeaderParameter(header),
        { In: ParameterLocation.Query, Name: { } name } when (doc?.Query.FirstOrDefault(q => q.Name == name) ?? ApiDocs.Query.ByName.GetValueOrDefault(name)) is { } query => QueryParameter(query),
        _ => parameter,
    };

    private static void Apply(OpenApiOperation operation, OperationDoc doc, OpenApiDocument document)
    {
        operation.Description = doc.Description;
        if (doc.Request is { } request && operation.RequestBody?.Content?.TryGetValue(Json, out var body) == true)
        {
            body.Examples = Examples(request.Examples);
        }

        var generated = operation.Responses ?? [];
        operation.Responses = [];
        foreach (var response in doc.Responses)
        {
            var schema = generated.TryGetValue(StatusKey(response.Status), out var made) && made.Content?.TryGetValue(Json, out var content) == true ? content.Schema : null;
            operation.Responses[StatusKey(response.Status)] = Response(response, schema, document);
        }
    }

    /// <summary>A documented answer: the generated schema of a success, <see cref="ApiProblem"/> for a problem, else a plain object.</summary>
    private static OpenApiResponse Response(ResponseDoc response, IOpenApiSchema? generated, OpenApiDocument document)
    {
        var headers = new Dictionary<string, IOpenApiHeader>
        {
            [ApiHeaders.RequestId] = new OpenApiHeader { Description = "The caller's X-Request-Id when it sent one, else a new id; also `request_id` in error bodies.", Schema = StringSchema() },
        };
        if (response.ETag)
        {
            headers["ETag"] = new OpenApiHeader { Description = "The revision in quotes (`\"2\"`); send it back as If-Match.", Schema = StringSchema() };
        }

        if (response.Status == StatusCodes.Status429TooManyRequests)
        {
            headers["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } };
        }

        return new OpenApiResponse
        {
            Description = response.Description,
            Headers = headers,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [response.IsProblem ? ProblemJson : Json] = new()
                {
                    Schema = generated ?? (response.IsProblem ? new OpenApiSchemaReference(nameof(ApiProblem), document) : new OpenApiSchema { Type = JsonSchemaType.Object }),
                    Examples = Examples(response.Examples),
                },
            },
        };
    }

    private static Dictionary<string, IOpenApiExample> Examples(IReadOnlyList<ExampleDoc> examples) =>
        examples.ToDictionary(e => e.Name, e => (IOpenApiExample)new OpenApiExample { Summary = e.Summary, Value = e.Value.DeepClone() }, StringComparer.Ordinal);

    private static OpenApiParameter HeaderParameter(HeaderDoc header)
    {
        var schema = StringSchema();
        schema.Pattern = header.Pattern;
        schema.Default = header.Default is null ? null : JsonValue.Create(header.Default);
        return new OpenApiParameter
        {
            Name = header.Name,
            In = ParameterLocation.Header,
            Required = header.Required,
            Description = header.Description,
            Schema = schema,
            Example = header.Example is null ? null : JsonValue.Create(header.Example),
        };
    }

    private static OpenApiParameter QueryParameter(QueryDoc query) => new()
    {
        Name = query.Name,
        In = ParameterLocation.Query,
        Required = query.Required,
        Description = query.Description,
        Schema = new OpenApiSchema
        {
            Type = query.Type,
            Default = query.Default?.DeepClone(),
            Enum = query.Enum?.Select(v => (JsonNode)JsonValue.Create(v)).ToList(),
            Minimum = query.Minimum?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Maximum = query.Maximum?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    private static OpenApiSchema StringSchema() => new() { Type = JsonSchemaType.String };

    private static string StatusKey(int status) => status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void SortResponses(OpenApiOperation operation)
    {
        if (operation.Responses is not { Count: > 1 } responses)
        {
            return;
        }

        var sorted = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        responses.Clear();
        foreach (var (status, response) in sorted)
        {
            responses[status] = response;
        }
    }
}
