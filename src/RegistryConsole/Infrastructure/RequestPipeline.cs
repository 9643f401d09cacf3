using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using RegistryConsole.Api;
using RegistryConsole.Core.Caching;

namespace RegistryConsole.Infrastructure;

/// <summary>The request logger, created once (not per request), and its one message, formatted only when enabled.</summary>
public sealed partial class RequestLog(ILoggerFactory loggerFactory)
{
    public ILogger Logger { get; } = loggerFactory.CreateLogger("RegistryConsole.Requests");

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} responded {StatusCode} in {ElapsedMs:0.0} ms (request {RequestId})")]
    public static partial void Responded(ILogger logger, string method, string? path, int statusCode, double elapsedMs, string requestId);
}

public static class RequestPipeline
{
    /// <summary>Echoes the caller's X-Request-Id (or makes one) and logs one line per request: method, path, status, time. Never headers, bodies or query strings.</summary>
    public static IApplicationBuilder UseRequestIdAndLogging(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var incoming = context.Request.Headers[ApiHeaders.RequestId].FirstOrDefault();
        var requestId = !string.IsNullOrEmpty(incoming) && incoming.Length <= 128 && incoming.All(c => c is > ' ' and < '\u007f')
            ? incoming
            : NewRequestId();
        context.TraceIdentifier = requestId;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers[ApiHeaders.RequestId] = requestId;

            // The console is never framed and no response is sniffed into another type.
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        });

        var logger = context.RequestServices.GetRequiredService<RequestLog>().Logger;
        if (!logger.IsEnabled(LogLevel.Information))
        {
            // Off (e.g. "Logging:LogLevel:RegistryConsole.Requests": "Warning"): no timer, no path checks, no formatting.
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            if (!context.Request.Path.StartsWithSegments("/_blazor") && !context.Request.Path.StartsWithSegments("/_content") && !context.Request.Path.StartsWithSegments("/_framework"))
            {
                RequestLog.Responded(logger, context.Request.Method, context.Request.Path.Value, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds, requestId);
            }
        }
    });

    /// <summary>
    /// Each REST request reads the change stamps once and shares them between its caches (<see cref="RequestStamps"/>);
    /// the console's circuits are long-lived and keep reading them on every call.
    /// </summary>
    public static IApplicationBuilder UseRequestStamps(this IApplicationBuilder app) =>
        app.UseWhen(context => ApiFallback.IsApiOrOperations(context.Request.Path), api => api.Use(async (context, next) =>
        {
            using (RequestStamps.Begin())
            {
                await next(context);
            }
        }));

    /// <summary>
    /// 32 hex digits, like a GUID's "N" form. A request id only correlates a reply with its log line, so it need not be
    /// unguessable: <see cref="Random.Shared"/> instead of <see cref="Guid.NewGuid"/>, which asks the kernel for
    /// cryptographic random bytes on every request.
    /// </summary>
    internal static string NewRequestId() => string.Create(32, 0, static (chars, _) =>
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        Convert.TryToHexStringLower(bytes, chars, out _);
    });

    /// <summary>Unhandled exceptions become a 500 problem with no internals; a bad request from the server (e.g. body too large) keeps its status.</summary>
    public static IApplicationBuilder UseProblemExceptionHandler(this IApplicationBuilder app) => app.UseExceptionHandler(handler => handler.Run(context =>
    {
        var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (exception is BadHttpRequestException bad)
        {
            var detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"The request body is larger than {JsonBody.MaxBytes / 1024} KiB"
                : "The request could not be read";
            return ProblemResult.WriteAsync(context, bad.StatusCode, detail);
        }

        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("RegistryConsole.Errors")
            .LogError(exception, "Unhandled exception for request {RequestId}", context.TraceIdentifier);
        return ProblemResult.WriteAsync(context, StatusCodes.Status500InternalServerError, "An unexpected error occurred; quote the request id when reporting it");
    }));
}
