using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace RegistryConsole.Benchmarks.Api;

internal static class Scenarios
{
    public const string Healthz = "healthz";

    public static IReadOnlyList<Scenario> All(int servers, string viewerKey)
    {
        var deepPage = Math.Max(1, Math.Min(2000, servers / 25));
        var fewTerm = $"srv-{servers / 2 / 10:D5}"; // srv-NNNNN0 .. srv-NNNNN9: ten servers
        var runId = Guid.NewGuid().ToString("N")[..6];
        var random = new ThreadLocal<Random>(() => new Random(Environment.CurrentManagedThreadId));
        int AnyServer() => random.Value!.Next(servers);

        return
        [
            new(Healthz, (_, _) => Get("/healthz")),
            new("authenticated no-op (get-project-settings)", (_, _) => Get("/admin/project-settings", AppProcess.AdminKey),
                new("≥ 50% of healthz", (r, h) => r.PerSecond >= 0.5 * h.PerSecond)),
            new("get-server", (_, _) => Get("/mcp-registry/get-server", AppProcess.AdminKey, ("X-Enkrypt-MCP-Registry-Server", Seeder.ServerName(AnyServer()))),
                new("≥ 35% of healthz, p99 ≤ 20 ms", (r, h) => r.PerSecond >= 0.35 * h.PerSecond && r.P99 <= 20)),
            new("list-servers page 1 (25)", (_, _) => Get("/mcp-registry/list-servers?page=1&per_page=25", AppProcess.AdminKey),
                new("p95 ≤ 25 ms", (r, _) => r.P95 <= 25)),
            new($"list-servers page {deepPage:N0} (25)", (_, _) => Get($"/mcp-registry/list-servers?page={deepPage}&per_page=25", AppProcess.AdminKey),
                new("p95 ≤ 25 ms", (r, _) => r.P95 <= 25)),
            new($"search, few ('{fewTerm}')", (_, _) => Get($"/mcp-registry/list-servers?search={fewTerm}&per_page=25", AppProcess.AdminKey),
                new("p95 ≤ 60 ms", (r, _) => r.P95 <= 60)),
            new("search, none ('zqxj-nothing')", (_, _) => Get("/mcp-registry/list-servers?search=zqxj-nothing&per_page=25", AppProcess.AdminKey),
                new("p95 ≤ 60 ms", (r, _) => r.P95 <= 60)),
            new("get-gateway-config, 50 servers (admin)", (_, _) => Get("/mcp-gateway/get-gateway-config", AppProcess.AdminKey, ("X-Enkrypt-MCP-Gateway", Seeder.GatewayName(random.Value!.Next(Seeder.Gateways)))),
                new("p95 ≤ 30 ms, ≥ 10% of healthz", (r, h) => r.P95 <= 30 && r.PerSecond >= 0.10 * h.PerSecond)),
            new("get-gateway-config, 50 servers (viewer)", (_, _) => Get("/mcp-gateway/get-gateway-config", viewerKey, ("X-Enkrypt-MCP-Gateway", Seeder.GatewayName(random.Value!.Next(Seeder.Gateways)))),
                new("p95 ≤ 30 ms, ≥ 10% of healthz", (r, h) => r.P95 <= 30 && r.PerSecond >= 0.10 * h.PerSecond)),
            new("list-gateways-by-server (in 200 gateways)", (_, _) => Get("/mcp-registry/list-gateways-by-server", AppProcess.AdminKey, ("X-Enkrypt-MCP-Registry-Server", Seeder.ServerName(0))),
                new("p95 ≤ 25 ms", (r, _) => r.P95 <= 25)),
            new("add-server", (w, n) => Send(HttpMethod.Post, "/mcp-registry/add-server", Seeder.ServerBody($"add-{runId}-{w}-{n}", (int)n)),
                new("p95 ≤ 20 ms", (r, _) => r.P95 <= 20), IsWrite: true),

            // Each worker changes its own servers, so no two requests race for one revision.
            new("modify-server", (w, n) => Send(HttpMethod.Patch, "/mcp-registry/modify-server",
                    new JsonObject { ["description"] = $"Changed by the benchmark ({n})" }, ("X-Enkrypt-MCP-Registry-Server", Seeder.ServerName((int)((w + (n * 32)) % servers)))),
                new("p95 ≤ 25 ms", (r, _) => r.P95 <= 25), IsWrite: true),
            new("bulk-add of 100", (w, n) => Send(HttpMethod.Post, "/mcp-registry/bulk-add-servers", new JsonObject
                {
                    ["servers"] = new JsonArray(Enumerable.Range(0, 100).Select(i => (JsonNode)Seeder.ServerBody($"bulk-{runId}-{w}-{n}-{i}", i)).ToArray()),
                }),
                new("p95 ≤ 300 ms", (r, _) => r.P95 <= 300), IsWrite: true),
        ];
    }

    private static HttpRequestMessage Get(string path, string? key = null, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add("apikey", key);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return request;
    }

    private static HttpRequestMessage Send(HttpMethod method, string path, JsonObject body, params (string Name, string Value)[] headers)
    {
        var request = Get(path, AppProcess.AdminKey, headers);
        request.Method = method;
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        return request;
    }
}
