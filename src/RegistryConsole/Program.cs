using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using RegistryConsole.Api;
using RegistryConsole.Auth;
using RegistryConsole.Core;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Projects;
using RegistryConsole.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRegistryCore(sp => DatabaseLocation.Settings(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>()));
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

builder.Services.AddRegistryRateLimits(builder.Configuration);
builder.Services.AddKeyRingProtection(builder.Configuration);
builder.Services.AddBrowserHardening(builder.Configuration);

builder.Services.AddSingleton<RequestLog>();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
builder.Services.AddRegistryOpenApi();

var app = builder.Build();
app.EnsureKeyRingProtected();

app.UseBrowserHardening();
app.UseRequestIdAndLogging();
app.UseMcpRegistryCors();
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
app.UseRequestStamps();
app.UseAuthentication();
app.UseApiKeyPreAuthentication();
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
app.MapMcpRegistryApi();
app.MapApiFallbacks();
app.MapConsole();

// The endpoints (the API's handlers and filters, the console's pages) are built on first use, which made the first
// request after start-up wait ≈ 0.4 s. They are built here once on another thread while the database initialises, so
// that work (mostly loading and preparing code) overlaps the migrations instead of following them.
var endpointsBuilt = Task.Run(() => ((IEndpointRouteBuilder)app).DataSources.Sum(source => source.Endpoints.Count));

// Instances starting together on one PostgreSQL database initialise one after the other (StartupLock).
await using (await StartupLock.AcquireAsync(app.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>()))
{
    await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
    await app.InitializeConsoleUsersAsync();
}

await endpointsBuilt;
app.Run();

public partial class Program;
