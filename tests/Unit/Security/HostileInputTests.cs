using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using RegistryConsole.Core.Common;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Security;

/// <summary>
/// Issue 8 item 10: hostile input through the real app. Each case sends one malformed, oversized or malicious request and
/// asserts the exact status, a problem body naming the field, and that the database did not change at all.
/// </summary>
public sealed class HostileInputTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Victim = "victim";
    private const string AddServer = "POST /mcp-registry/add-server";
    private const string ModifyServer = "PATCH /mcp-registry/modify-server";
    private const string GetServer = "GET /mcp-registry/get-server";
    private const string AddGateway = "POST /mcp-gateway/add-gateway";

    private static readonly SemaphoreSlim Seeding = new(1, 1);

    private readonly HttpClient _client = factory.ClientWithKey();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>One hostile request: where it goes, its body (raw text), an optional hostile header, and what must come back.</summary>
    public sealed record Case(string Endpoint, string? Body, HttpStatusCode Status, string Field, (string Name, string Value)? Header = null);

    private static string Stdio(Action<JsonObject>? edit = null) => Edited(ServerBodies.Stdio("hostile"), edit);

    private static string Remote(Action<JsonObject>? edit = null) => Edited(ServerBodies.Remote("hostile"), edit);

    private static string Gateway(Action<JsonObject>? edit = null) =>
        Edited(GatewayBodies.Gateway("hostile-gw", null, GatewayBodies.Entry(Victim)), edit);

    private static string Edited(JsonObject body, Action<JsonObject>? edit)
    {
        edit?.Invoke(body);
        return body.ToJsonString();
    }

    /// <summary>Sets the value at a dotted path (<c>mcp_config.config.url</c>), creating nothing: every parent exists.</summary>
    private static Action<JsonObject> Set(string path, JsonNode? value) => body =>
    {
        var segments = path.Split('.');
        var parent = segments[..^1].Aggregate((JsonNode)body, (node, key) => node[key]!);
        parent[segments[^1]] = value;
    };

    private static JsonArray Many(int count, Func<int, JsonNode?> item) => new(Enumerable.Range(0, count).Select(item).ToArray());

    private static JsonObject ManyKeys(int count, string prefix, Func<int, JsonNode?> value) =>
        new(Enumerable.Range(0, count).Select(i => KeyValuePair.Create($"{prefix}{i}", value(i))));

    private static JsonObject Nested(int depth) => depth == 0 ? new JsonObject { ["leaf"] = 1 } : new JsonObject { ["n"] = Nested(depth - 1) };

    private const string Additional = "mcp_config.input_guardrails_config.additional_config";

    public static readonly IReadOnlyDictionary<string, Case> Cases = new Dictionary<string, Case>
    {
        // Malformed, truncated, not an object, nested beyond reason.
        ["truncated JSON"] = new(AddServer, """{"saved_name": "x", "mcp_config": {""", HttpStatusCode.BadRequest, "body"),
        ["trailing garbage"] = new(AddServer, """{"saved_name": "x"} extra""", HttpStatusCode.BadRequest, "body"),
        ["not JSON"] = new(AddServer, "saved_name=x&mcp_config=y", HttpStatusCode.BadRequest, "body"),
        ["an array"] = new(AddServer, "[]", HttpStatusCode.BadRequest, "body"),
        ["a bare string"] = new(AddServer, "\"x\"", HttpStatusCode.BadRequest, "body"),
        ["empty body"] = new(AddServer, "", HttpStatusCode.BadRequest, "body"),
        ["duplicate property"] = new(AddServer, """{"saved_name": "a", "saved_name": "b", "mcp_config": {}}""", HttpStatusCode.BadRequest, "body"),
        ["1000 levels of nesting"] = new(AddServer, string.Concat(Enumerable.Repeat("{\"a\":", 1000)) + "1" + new string('}', 1000), HttpStatusCode.BadRequest, "body"),
        ["30 levels inside additional_config"] = new(AddServer, Stdio(Set(Additional, Nested(30))), HttpStatusCode.BadRequest,
            Additional + string.Concat(Enumerable.Repeat(".n", InputLimits.MaxDepth - 2))),

        // Wrong types at every level.
        ["saved_name a number"] = new(AddServer, Stdio(Set("saved_name", 123)), HttpStatusCode.BadRequest, "saved_name"),
        ["mcp_config a string"] = new(AddServer, Stdio(Set("mcp_config", "x")), HttpStatusCode.BadRequest, "mcp_config"),
        ["config an array"] = new(AddServer, Stdio(Set("mcp_config.config", new JsonArray())), HttpStatusCode.BadRequest, "mcp_config.config"),
        ["args a string"] = new(AddServer, Stdio(Set("mcp_config.config.args", "-y")), HttpStatusCode.BadRequest, "mcp_config.config.args"),
        ["env value a number"] = new(AddServer, Stdio(Set("mcp_config.config.env.LOG_LEVEL", 3)), HttpStatusCode.BadRequest, "mcp_config.config.env.LOG_LEVEL"),
        ["tools an array"] = new(AddServer, Stdio(Set("mcp_config.tools", new JsonArray())), HttpStatusCode.BadRequest, "mcp_config.tools"),
        ["flag a string"] = new(AddServer, Stdio(Set("mcp_config.enable_server_info_validation", "yes")), HttpStatusCode.BadRequest, "mcp_config.enable_server_info_validation"),
        ["guardrail enabled a string"] = new(AddServer, Stdio(Set("mcp_config.input_guardrails_config.enabled", "true")), HttpStatusCode.BadRequest, "mcp_config.input_guardrails_config.enabled"),
        ["OAuth number a string"] = new(AddServer, Remote(Set("mcp_config.oauth_config.OAUTH_TOKEN_EXPIRY_BUFFER", "10")), HttpStatusCode.BadRequest, "mcp_config.oauth_config.OAUTH_TOKEN_EXPIRY_BUFFER"),

        // Oversized bodies, strings and arrays.
        ["body over 1 MiB"] = new(AddServer, Stdio(Set("description", new string('x', 1100 * 1024))), HttpStatusCode.RequestEntityTooLarge, "body"),
        ["900 KB server_name"] = new(AddServer, Stdio(Set("server_name", new string('x', 900 * 1000))), HttpStatusCode.BadRequest, "server_name"),
        ["description of 4001 characters"] = new(AddServer, Stdio(Set("description", new string('d', 4001))), HttpStatusCode.BadRequest, "description"),
        ["command of 5000 characters"] = new(AddServer, Stdio(Set("mcp_config.config.command", new string('c', 5000))), HttpStatusCode.BadRequest, "mcp_config.config.command"),
        ["an argument of 5000 characters"] = new(AddServer, Stdio(Set("mcp_config.config.args", new JsonArray(new string('a', 5000)))), HttpStatusCode.BadRequest, "mcp_config.config.args[0]"),
        ["10,000 args"] = new(AddServer, Stdio(Set("mcp_config.config.args", Many(10_000, i => $"a{i}"))), HttpStatusCode.BadRequest, "mcp_config.config.args"),
        ["1,000 env entries"] = new(AddServer, Stdio(Set("mcp_config.config.env", ManyKeys(1000, "V", _ => "x"))), HttpStatusCode.BadRequest, "mcp_config.config.env"),
        ["10,000 tools"] = new(AddServer, Stdio(Set("mcp_config.tools", ManyKeys(10_000, "t", _ => "d"))), HttpStatusCode.BadRequest, "mcp_config.tools"),
        ["10,000 denied tools"] = new(AddServer, Stdio(Set("mcp_config.denied_tools", Many(10_000, i => $"d{i}"))), HttpStatusCode.BadRequest, "mcp_config.denied_tools"),
        ["100 block entries"] = new(AddServer, Stdio(Set("mcp_config.input_guardrails_config.block", Many(100, _ => "pii"))), HttpStatusCode.BadRequest, "mcp_config.input_guardrails_config.block"),
        ["100 headers"] = new(AddServer, Remote(Set("mcp_config.config.headers", ManyKeys(100, "X-H", _ => "v"))), HttpStatusCode.BadRequest, "mcp_config.config.headers"),
        ["10 KB header value"] = new(AddServer, Remote(Set("mcp_config.config.headers.X-Trace", new string('h', 10 * 1024))), HttpStatusCode.BadRequest, "mcp_config.config.headers.X-Trace"),
        ["10 KB key"] = new(AddServer, Stdio(Set("mcp_config.tools", ManyKeys(1, new string('k', 10 * 1024), _ => "d"))), HttpStatusCode.BadRequest, "mcp_config.tools." + new string('k', 32) + "…"),

        // Names: spaces, slashes, dot-dot, newlines, NUL, look-alikes, SQL and script fragments.
        ["name with a final newline"] = new(AddServer, Stdio(Set("saved_name", "dup-probe\n")), HttpStatusCode.BadRequest, "saved_name"),
        ["version with a final newline"] = new(AddServer, Stdio(Set("server_version", "v1\n")), HttpStatusCode.BadRequest, "server_version"),
        ["name with a space"] = new(AddServer, Stdio(Set("saved_name", "my server")), HttpStatusCode.BadRequest, "saved_name"),
        ["name with a slash"] = new(AddServer, Stdio(Set("saved_name", "team/server")), HttpStatusCode.BadRequest, "saved_name"),
        ["name dot-dot"] = new(AddServer, Stdio(Set("saved_name", "..")), HttpStatusCode.BadRequest, "saved_name"),
        ["name path traversal"] = new(AddServer, Stdio(Set("saved_name", "../../etc/passwd")), HttpStatusCode.BadRequest, "saved_name"),
        ["name with NUL"] = new(AddServer, Stdio(Set("saved_name", "gith\0ub")), HttpStatusCode.BadRequest, "saved_name"),
        ["name with a Cyrillic look-alike"] = new(AddServer, Stdio(Set("saved_name", "g\u0456thub")), HttpStatusCode.BadRequest, "saved_name"),
        ["name with a zero-width space"] = new(AddServer, Stdio(Set("saved_name", "git\u200Bhub")), HttpStatusCode.BadRequest, "saved_name"),
        ["name with SQL"] = new(AddServer, Stdio(Set("saved_name", "x'; DROP TABLE registry_servers;--")), HttpStatusCode.BadRequest, "saved_name"),
        ["name with a script"] = new(AddServer, Stdio(Set("saved_name", "<script>alert(1)</script>")), HttpStatusCode.BadRequest, "saved_name"),
        ["name of 129 characters"] = new(AddServer, Stdio(Set("saved_name", new string('n', 129))), HttpStatusCode.BadRequest, "saved_name"),
        ["env name with a newline"] = new(AddServer, Stdio(Set("mcp_config.config.env", new JsonObject { ["PATH\n"] = "x" })), HttpStatusCode.BadRequest, "mcp_config.config.env.PATH\n"),
        ["header name with CRLF"] = new(AddServer, Remote(Set("mcp_config.config.headers", new JsonObject { ["X-A\r\nSet-Cookie"] = "x" })), HttpStatusCode.BadRequest, "mcp_config.config.headers.X-A\r\nSet-Cookie"),
        ["header value with CRLF"] = new(AddServer, Remote(Set("mcp_config.config.headers.X-Trace", "a\r\nSet-Cookie: s=1")), HttpStatusCode.BadRequest, "mcp_config.config.headers.X-Trace"),
        ["OAuth custom header value with LF"] = new(AddServer, Remote(Set("mcp_config.oauth_config.OAUTH_CUSTOM_HEADERS", new JsonObject { ["X-Tenant"] = "a\nb" })), HttpStatusCode.BadRequest, "mcp_config.oauth_config.OAUTH_CUSTOM_HEADERS.X-Tenant"),

        // URLs: other schemes, credentials in the user-info.
        ["javascript: url"] = new(AddServer, Remote(Set("mcp_config.config.url", "javascript:alert(1)")), HttpStatusCode.BadRequest, "mcp_config.config.url"),
        ["file: url"] = new(AddServer, Remote(Set("mcp_config.config.url", "file:///etc/passwd")), HttpStatusCode.BadRequest, "mcp_config.config.url"),
        ["data: url"] = new(AddServer, Remote(Set("mcp_config.config.url", "data:text/html,<script>alert(1)</script>")), HttpStatusCode.BadRequest, "mcp_config.config.url"),
        ["credentials in the url"] = new(AddServer, Remote(Set("mcp_config.config.url", "https://user:pass@mcp.example.com/mcp")), HttpStatusCode.BadRequest, "mcp_config.config.url"),
        ["javascript: source_url"] = new(AddServer, Stdio(Set("source_url", "javascript:alert(1)")), HttpStatusCode.BadRequest, "source_url"),
        ["file: token URL"] = new(AddServer, Remote(Set("mcp_config.oauth_config.OAUTH_TOKEN_URL", "file:///etc/shadow")), HttpStatusCode.BadRequest, "mcp_config.oauth_config.OAUTH_TOKEN_URL"),
        ["javascript: redirect URI"] = new(AddServer, Remote(Set("mcp_config.oauth_config.OAUTH_REDIRECT_URI", "javascript:alert(1)")), HttpStatusCode.BadRequest, "mcp_config.oauth_config.OAUTH_REDIRECT_URI"),
        ["data: revocation URL"] = new(AddServer, Remote(Set("mcp_config.oauth_config.OAUTH_REVOCATION_URL", "data:,x")), HttpStatusCode.BadRequest, "mcp_config.oauth_config.OAUTH_REVOCATION_URL"),

        // Modify: the same rules hold on a patch, and the stored server stays as it was.
        ["modify: truncated JSON"] = new(ModifyServer, """{"description": """, HttpStatusCode.BadRequest, "body"),
        ["modify: name with a final newline"] = new(ModifyServer, """{"saved_name": "victim\n"}""", HttpStatusCode.BadRequest, "saved_name"),
        ["modify: description of 4001 characters"] = new(ModifyServer, new JsonObject { ["description"] = new string('d', 4001) }.ToJsonString(), HttpStatusCode.BadRequest, "description"),
        ["modify: server_name of 900 KB"] = new(ModifyServer, new JsonObject { ["server_name"] = new string('s', 900 * 1000) }.ToJsonString(), HttpStatusCode.BadRequest, "server_name"),
        ["modify: 10,000 args"] = new(ModifyServer, new JsonObject { ["mcp_config"] = new JsonObject { ["config"] = new JsonObject { ["command"] = "npx", ["args"] = Many(10_000, i => $"a{i}") } } }.ToJsonString(), HttpStatusCode.BadRequest, "mcp_config.config.args"),
        ["modify: config a number"] = new(ModifyServer, """{"mcp_config": {"config": 5}}""", HttpStatusCode.BadRequest, "mcp_config.config"),
        ["modify: javascript: url"] = new(ModifyServer, """{"mcp_config": {"config": {"url": "javascript:alert(1)", "type": "http"}}}""", HttpStatusCode.BadRequest, "mcp_config.config.url"),

        // Gateways: names, entries and sizes.
        ["gateway name with a final newline"] = new(AddGateway, Gateway(Set("gateway_saved_name", "gw\n")), HttpStatusCode.BadRequest, "gateway_saved_name"),
        ["gateway version with a final newline"] = new(AddGateway, Gateway(Set("gateway_version", "v1\n")), HttpStatusCode.BadRequest, "gateway_version"),
        ["gateway entry with a final newline"] = new(AddGateway, Gateway(b => b["servers_config"]!["servers"]![0]!["saved_name"] = "victim\n"), HttpStatusCode.BadRequest, "servers_config.servers[0].saved_name"),
        ["gateway entry version with a slash"] = new(AddGateway, Gateway(b => b["servers_config"]!["servers"]![0]!["server_version"] = "v1/../v2"), HttpStatusCode.BadRequest, "servers_config.servers[0].server_version"),
        ["gateway description of 4001 characters"] = new(AddGateway, Gateway(Set("description", new string('d', 4001))), HttpStatusCode.BadRequest, "description"),
        ["gateway servers a string"] = new(AddGateway, Gateway(b => b["servers_config"]!["servers"] = "victim"), HttpStatusCode.BadRequest, "servers_config.servers"),

        // Names in headers.
        ["10 KB server header"] = new(GetServer, null, HttpStatusCode.BadRequest, "X-Enkrypt-MCP-Registry-Server", ("X-Enkrypt-MCP-Registry-Server", new string('s', 10 * 1024))),
        ["10 KB version header"] = new(GetServer, null, HttpStatusCode.BadRequest, "X-Enkrypt-MCP-Registry-Server-Version", ("X-Enkrypt-MCP-Registry-Server-Version", new string('v', 10 * 1024))),
        ["server header with a space"] = new(GetServer, null, HttpStatusCode.BadRequest, "X-Enkrypt-MCP-Registry-Server", ("X-Enkrypt-MCP-Registry-Server", "vic tim")),
        ["server header dot-dot"] = new(GetServer, null, HttpStatusCode.BadRequest, "X-Enkrypt-MCP-Registry-Server", ("X-Enkrypt-MCP-Registry-Server", "..")),
        ["server header with SQL"] = new(GetServer, null, HttpStatusCode.BadRequest, "X-Enkrypt-MCP-Registry-Server", ("X-Enkrypt-MCP-Registry-Server", "victim' OR '1'='1")),
        ["modify: 10 KB server header"] = new(ModifyServer, """{"description": "x"}""", HttpStatusCode.BadRequest, "X-Enkrypt-MCP-Registry-Server", ("X-Enkrypt-MCP-Registry-Server", new string('s', 10 * 1024))),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task HostileRequest_IsRefusedNamingTheFieldAndChangesNothing(string name)
    {
        var hostile = Cases[name];
        await SeedAsync();
        var before = await DatabaseStateAsync();

        using var response = await _client.SendAsync(Request(hostile), Ct);

        var problem = await response.AssertProblemAsync(hostile.Status, hostile.Field);
        Assert.NotEmpty(problem["errors"]![hostile.Field]![0]!.GetValue<string>());
        Assert.Equal(before, await DatabaseStateAsync());
    }

    [Fact]
    public void Cases_CoverEveryKindTheIssueNames()
    {
        Assert.True(Cases.Count >= 60, $"only {Cases.Count} cases");
        Assert.Contains(Cases.Values, c => c.Endpoint == ModifyServer);
        Assert.Contains(Cases.Values, c => c.Endpoint == AddGateway);
        Assert.Contains(Cases.Values, c => c.Header is not null);
    }

    private static HttpRequestMessage Request(Case hostile)
    {
        var (method, path) = (hostile.Endpoint.Split(' ')[0], hostile.Endpoint.Split(' ')[1]);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (hostile.Body is not null)
        {
            request.Content = new StringContent(hostile.Body, Encoding.UTF8, "application/json");
        }

        if (hostile.Header is { } header)
        {
            request.Headers.TryAddWithoutValidation(header.Name, header.Value);
        }

        if (method != "POST" && hostile.Header?.Name != "X-Enkrypt-MCP-Registry-Server")
        {
            request.WithServer(Victim);
        }

        return request;
    }

    /// <summary>One server (and approval off, so gateways may use it) that the modify cases aim at.</summary>
    private async Task SeedAsync()
    {
        await Seeding.WaitAsync(Ct);
        try
        {
            using var probe = await _client.GetServerAsync(Victim);
            if (probe.StatusCode == HttpStatusCode.NotFound)
            {
                await _client.AddServedServerAsync(ServerBodies.Stdio(Victim));
            }
        }
        finally
        {
            Seeding.Release();
        }
    }

    /// <summary>Every row that a write could touch, as text: counts of every table and the victim's row.</summary>
    private async Task<string> DatabaseStateAsync()
    {
        await using var connection = new SqliteConnection(factory.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) FROM registry_servers) || '|' || (SELECT count(*) FROM gateways) || '|' ||
                   (SELECT count(*) FROM gateway_servers) || '|' || (SELECT count(*) FROM audit_events) || '|' ||
                   (SELECT count(*) FROM server_snapshots) || '|' ||
                   (SELECT McpConfigJson || Revision || ifnull(ServerName, '') || ifnull(Description, '') || UpdatedAt FROM registry_servers WHERE SavedName = 'victim')
            """;
        return (string)(await command.ExecuteScalarAsync(Ct))!;
    }
}
