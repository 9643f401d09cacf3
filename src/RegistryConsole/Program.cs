using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using RegistryConsole.Api;
using RegistryConsole.Auth;
using RegistryConsole.Core;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Projects;
using RegistryConsole.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRegistryCore(sp => DatabaseLocation.ConnectionString(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>()));
builder.Services.Configure<BootstrapOptions>(builder.Configuration.GetSection(BootstrapOptions.Section));
builder.Services.ConfigureHttpJsonOptions(options =>
{
    options.SerializerOptions.PropertyNamingPolicy = JsonDefaults.Options.PropertyNamingPolicy;
    options.SerializerOptions.Encoder = JsonDefaults.Options.Encoder;
    // The OpenAPI schemas are generated from these options: numbers are never read from strings on the wire.
    options.SerializerOptions.NumberHandling = JsonDefaults.Options.NumberHandling;
});

builder.Services.AddAuthentication()
    .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
builder.Services.AddAuthorizationBuilder().AddPolicy(ApiScope.Policy, ApiScope.BuildPolicy());
builder.Services.AddConsole();

builder.Services.AddRateLimiter(options =>
{
    var permits = builder.Configuration.GetValue("RateLimiting:PermitsPerMinute", 1200);
    options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
    {
        var key = context.Request.Headers[ApiHeaders.ApiKey].FirstOrDefault() ?? context.Request.Headers[ApiHeaders.ApiKeyAlias].FirstOrDefault();
        return key is null
            ? RateLimitPartition.GetNoLimiter("anonymous")
            : RateLimitPartition.GetFixedWindowLimiter(ApiKeyPartition(key), _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1) });
    });
    options.OnRejected = async (context, cancellationToken) =>
    {
        context.HttpContext.Response.Headers.RetryAfter = "60";
        await ProblemResult.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests for this API key; retry after 60 seconds");
    };
});

builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
builder.Services.AddRegistryOpenApi();

var app = builder.Build();

await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
await app.InitializeConsoleUsersAsync();

app.UseRequestIdAndLogging();
app.UseProblemExceptionHandler();
app.UseWhen(context => ApiFallback.IsApiOrOperations(context.Request.Path), api => api.UseStatusCodePages(async context =>
{
    // Anything that ends without a body still gets the one error shape.
    var response = context.HttpContext.Response;
    if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null)
    {
        await ProblemResult.WriteAsync(context.HttpContext, response.StatusCode, response.StatusCode == 404 ? "No such endpoint" : ApiProblem.TitleFor(response.StatusCode));
    }
}));
app.UseWhen(context => !ApiFallback.IsApiOrOperations(context.Request.Path), console => console.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
// Routing after the status-code pages, so a console 404 re-executed as /not-found is routed again.
app.UseRouting();
app.UseAuthentication();
app.UseForcedPasswordChange();
app.UseRateLimiter();
app.UseAuthorization();
app.UseAntiforgery();

app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
app.MapRegistryApiDocs();

app.MapServerApi();
app.MapGatewayApi();
app.MapAdminApi();
app.MapApiFallbacks();
app.MapConsole();

app.Run();

static string ApiKeyPartition(string key) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..16];

public partial class Program;
