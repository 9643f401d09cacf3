using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RegistryConsole.Api;

namespace RegistryConsole.Infrastructure.OpenApi;

/// <summary>
/// Describes what the handlers read and write themselves: for every operation whose id (the endpoint name) has an entry in
/// <see cref="ApiDocs.Operations"/> it sets the header and query parameters, the request body and the responses with
/// their examples; every operation under <see cref="ApiDocs.SecuredPrefixes"/> gets the <c>apikey</c> security requirement
/// and the 401/403/429 answers.
/// </summary>
public sealed class RegistryDocumentTransformer : IOpenApiDocumentTransformer
{
    private const string Json = "application/json";
    private const string ProblemJson = "application/problem+json";
    private const string SchemaIdKey = "x-schema-id";

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
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

        var schemas = new SchemaSource(document, context, cancellationToken);
        foreach (var (path, pathItem) in document.Paths)
        {
            foreach (var operation in pathItem.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            {
                var doc = operation.OperationId is { } name ? ApiDocs.Operations.GetValueOrDefault(name) : null;
                var secured = ApiDocs.IsSecured(path);
                if (doc is not null)
                {
                    await ApplyAsync(operation, doc, schemas);
                }

                if (secured)
                {
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocs.SecuritySchemeId, document)] = [] }];
                    operation.Responses ??= [];
                    foreach (var common in ApiDocs.SecuredResponses.Concat(doc?.Request is null ? [] : ApiDocs.BodyResponses))
                    {
                        if (!operation.Responses.ContainsKey(StatusKey(common.Status)))
                        {
                            operation.Responses[StatusKey(common.Status)] = await ResponseAsync(common, schemas);
                        }
                    }
                }

                SortResponses(operation);
            }
        }
    }

    private static async Task ApplyAsync(OpenApiOperation operation, OperationDoc doc, SchemaSource schemas)
    {
        operation.Description = doc.Description;
        var pathParameters = (operation.Parameters ?? []).Where(p => p.In == ParameterLocation.Path).ToList();
        operation.Parameters = [.. pathParameters, .. doc.Headers.Select(HeaderParameter), .. doc.Query.Select(QueryParameter)];

        if (doc.Request is { } request)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [Json] = new()
                    {
                        Schema = await schemas.ForAsync(request.Schema),
                        Examples = Examples(request.Examples),
                    },
                },
            };
        }

        operation.Responses = [];
        foreach (var response in doc.Responses)
        {
            operation.Responses[StatusKey(response.Status)] = await ResponseAsync(response, schemas);
        }
    }

    private static async Task<OpenApiResponse> ResponseAsync(ResponseDoc response, SchemaSource schemas)
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
                    Schema = await schemas.ForAsync(response.Schema),
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

    /// <summary>
    /// Schemas for the table's types, generated with the app's JSON options and schema transformers. Every named type
    /// becomes a component and is referenced, so a server is described once however many responses carry it.
    /// </summary>
    private sealed class SchemaSource(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        public async Task<IOpenApiSchema> ForAsync(Type? type) =>
            type is null
                ? new OpenApiSchema { Type = JsonSchemaType.Object }
                : Componentize(await context.GetOrCreateSchemaAsync(type, null, cancellationToken));

        private IOpenApiSchema Componentize(IOpenApiSchema schema)
        {
            if (schema is not OpenApiSchema concrete)
            {
                return schema;
            }

            if (concrete.Properties is { } properties)
            {
                foreach (var key in properties.Keys.ToList())
                {
                    properties[key] = Componentize(properties[key]);
                }
            }

            concrete.Items = concrete.Items is null ? null : Componentize(concrete.Items);
            concrete.AdditionalProperties = concrete.AdditionalProperties is null ? null : Componentize(concrete.AdditionalProperties);
            foreach (var list in new[] { concrete.AllOf, concrete.AnyOf, concrete.OneOf })
            {
                for (var i = 0; list is not null && i < list.Count; i++)
                {
                    list[i] = Componentize(list[i]);
                }
            }

            // JsonObject (free-form JSON such as overrides) stays inline as a plain object.
            if (concrete.Metadata?.TryGetValue(SchemaIdKey, out var value) != true || value is not string { Length: > 0 } id || id == "JsonObject")
            {
                return concrete;
            }

            document.Components!.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas.TryAdd(id, concrete);
            return new OpenApiSchemaReference(id, document);
        }
    }
}
