using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RegistryConsole.Core;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Reviews;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Benchmarks.Api;

/// <summary>
/// Seeds through the Core services themselves (bulk-add in batches of 100, gateways, review settings), in process and
/// without HTTP: the rows, encrypted secrets, approved snapshots and audit events are exactly what the app stores.
/// The app must be stopped meanwhile (one writer); it shares the Data Protection key ring kept in the database.
/// </summary>
internal static class Seeder
{
    public const int Gateways = 200;
    public const int ServersPerGateway = 50;

    public static string ServerName(int i) => $"srv-{i:D6}";

    public static string GatewayName(int i) => $"gw-{i:D3}";

    public static async Task<string> SeedAsync(DatabaseSettings database, int count)
    {
        await using var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddRegistryCore(_ => database)
            .BuildServiceProvider();
        var factory = services.GetRequiredService<IDbContextFactory<RegistryDbContext>>();
        Actor admin;
        await using (var db = await factory.CreateDbContextAsync())
        {
            var project = await db.Projects.SingleAsync();
            admin = new Actor(project.Id, project.Name, "benchmark", "benchmark", Role.Admin, Channel.System);
        }

        // Approved at once while seeding (an audited settings change), so every server has its approved snapshot.
        var reviews = services.GetRequiredService<IReviewService>();
        Check(await reviews.ModifySettingsAsync(new JsonObject { ["require_approval"] = false }, admin));

        var servers = services.GetRequiredService<IServerService>();
        for (var start = 0; start < count; start += ServerService.MaxBulk)
        {
            var batch = new JsonArray();
            for (var i = start; i < Math.Min(count, start + ServerService.MaxBulk); i++)
            {
                batch.Add(ServerBody(ServerName(i), i));
            }

            Check(await servers.BulkAddAsync(new JsonObject { ["servers"] = batch }, dryRun: false, admin));
        }

        // 200 gateways of 50 servers; server 0 is in every one of them.
        var gateways = services.GetRequiredService<IGatewayService>();
        for (var g = 0; g < Gateways; g++)
        {
            var entries = new JsonArray { new JsonObject { ["saved_name"] = ServerName(0) } };
            for (var j = 0; j < ServersPerGateway - 1; j++)
            {
                var index = 1 + ((g * (ServersPerGateway - 1)) + j) % Math.Max(1, count - 1);
                var entry = new JsonObject { ["saved_name"] = ServerName(index) };
                if (j % 5 == 0)
                {
                    entry["output_guardrails_config"] = new JsonObject { ["enabled"] = true, ["guardrail_name"] = $"gateway-{g}", ["block"] = new JsonArray("toxicity") };
                }

                entries.Add(entry);
            }

            var body = new JsonObject
            {
                ["gateway_saved_name"] = GatewayName(g),
                ["description"] = $"Benchmark gateway {g}",
                ["servers_config"] = new JsonObject
                {
                    ["common_overrides"] = g % 2 == 0 ? new JsonObject { ["enable_server_info_validation"] = true } : new JsonObject(),
                    ["servers"] = entries,
                },
            };
            Check(await gateways.AddAsync(body, admin));
        }

        Check(await reviews.ModifySettingsAsync(new JsonObject { ["require_approval"] = true }, admin));

        var viewer = await services.GetRequiredService<IApiKeyService>().CreateAsync(new JsonObject { ["name"] = "benchmark-viewer", ["role"] = "viewer" }, admin);
        return Check(viewer).Key;
    }

    /// <summary>Every third server remote (Authorization header, OAuth client secret); the others stdio with a secret env, guardrails and denied tools.</summary>
    public static JsonObject ServerBody(string savedName, int i)
    {
        JsonObject config = i % 3 == 0
            ? new JsonObject
            {
                ["config"] = new JsonObject
                {
                    ["url"] = $"https://mcp{i}.example.com/mcp",
                    ["type"] = "streamable_http",
                    ["headers"] = new JsonObject { ["Authorization"] = $"Bearer remote-secret-token-{i}" },
                },
                ["oauth_config"] = new JsonObject
                {
                    ["enabled"] = true,
                    ["OAUTH_GRANT_TYPE"] = "client_credentials",
                    ["OAUTH_CLIENT_ID"] = $"client-{i}",
                    ["OAUTH_CLIENT_SECRET"] = $"oauth-client-secret-{i}",
                    ["OAUTH_TOKEN_URL"] = "https://auth.example.com/token",
                },
            }
            : new JsonObject
            {
                ["config"] = new JsonObject
                {
                    ["command"] = "npx",
                    ["args"] = new JsonArray("-y", $"@vendor/mcp-{i % 500}@1.0.{i % 10}", "/data"),
                    ["env"] = new JsonObject { ["LOG_LEVEL"] = "info", ["GITHUB_TOKEN"] = $"ghp_secret_{i}" },
                },
                ["tools"] = new JsonObject { ["read_file"] = "Reads a file", ["delete_file"] = "Deletes a file" },
                ["denied_tools"] = new JsonArray("delete_*"),
                ["enable_server_info_validation"] = true,
                ["input_guardrails_config"] = new JsonObject { ["enabled"] = true, ["guardrail_name"] = "base", ["block"] = new JsonArray("pii", "injection_attack") },
            };
        return new JsonObject
        {
            ["saved_name"] = savedName,
            ["server_name"] = $"@vendor/mcp-{i % 500}",
            ["description"] = $"Benchmark server {i} for the tools of family {i % 97}",
            ["mcp_config"] = config,
        };
    }

    private static T Check<T>(RegistryConsole.Core.Common.Result<T> result) =>
        result.IsSuccess ? result.Value : throw new InvalidOperationException($"Seeding failed: {result.Error.Message} {string.Join("; ", result.Error.FieldErrors?.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}") ?? [])}");
}
