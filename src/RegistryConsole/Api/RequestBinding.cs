namespace RegistryConsole.Api;

/// <summary>
/// A part of the request bound without failing (a resource header, If-Match, the query, the JSON body): it holds either
/// its value or the error answer for it. <see cref="RequestBindings.Filter"/> answers the first problem, in the order of
/// the handler's parameters, before the handler runs; a handler only ever sees bound values.
/// </summary>
public interface IRequestBinding
{
    IResult? Problem { get; }
}

public static class RequestBindings
{
    /// <summary>Runs after the scope filter: the first bound part with a problem answers for the request.</summary>
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument is IRequestBinding { Problem: { } problem })
            {
                return problem;
            }
        }

        return await next(invocation);
    }

    /// <summary>The first value of a header or query parameter, as the handlers read it before binding: empty is absent.</summary>
    public static string? First(string[]? values) => values is { Length: > 0 } && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    /// <summary>The API groups: the key's scope first, then the bound parts.</summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder app, string prefix, string tag) =>
        app.MapGroup(prefix)
            .WithTags(tag)
            .RequireAuthorization(ApiScope.Policy)
            .AddEndpointFilter(ApiScope.ScopeFilter)
            .AddEndpointFilter(Filter);
}
