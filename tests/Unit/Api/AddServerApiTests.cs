using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Api;

public sealed class AddServerApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.ClientWithKey();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>An add-server body with <paramref name="mcpConfigJson"/> as its mcp_config and a unique saved_name.</summary>
    private static JsonObject WithMcpConfig(string mcpConfigJson) => new()
    {
        ["saved_name"] = RegistryApi.UniqueName("bad"),
        ["mcp_config"] = JsonNode.Parse(mcpConfigJson),
    };

    [Fact]
    public async Task AddServer_ValidStdioBody_Returns201WithEnvelopeAndETag()
    {
        var name = RegistryApi.UniqueName("add");

        using var response = await _client.AddServerAsync(ServerBodies.Stdio(name));
        var body = (await response.ReadJsonAsync()).AsObject();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal(["message", "data"], body.Select(p => p.Key));
        Assert.Contains(name, body["message"].Str(), StringComparison.Ordinal);
        var data = body["data"]!;
        Assert.Equal(name, data["saved_name"].Str());
        Assert.Equal("v1", data["server_version"].Str());
        Assert.Equal("default", data["registry_name"].Str());
        Assert.Equal("default", data["project_name"].Str());
        Assert.False(string.IsNullOrEmpty(data["registry_id"].Str()));
        Assert.True(data["is_active"]!.GetValue<bool>());
        Assert.False(data["is_sample"]!.GetValue<bool>());
        Assert.Equal("pending", data["review_status"].Str());
        Assert.Equal(1, data["revision"]!.GetValue<int>());
        Assert.EndsWith("Z", data["created_at"].Str(), StringComparison.Ordinal);
        Assert.EndsWith("Z", data["updated_at"].Str(), StringComparison.Ordinal);
        Assert.Null(data["deleted_at"]);
        Assert.Equal("bootstrap-admin", data["created_by"].Str());
        Assert.Equal("npx", data["mcp_config"]!["config"]!["command"].Str());
    }

    [Fact]
    public async Task AddServer_ExplicitVersion_StoresThatVersion()
    {
        var name = RegistryApi.UniqueName("ver");

        var data = await _client.AddServerOkAsync(ServerBodies.Stdio(name, "2.0.1"));
        var read = await _client.GetServerOkAsync(name, "2.0.1");

        Assert.Equal("2.0.1", data["server_version"].Str());
        Assert.Equal("2.0.1", read["server_version"].Str());
    }

    [Fact]
    public async Task AddServer_SameNameAndVersionTwice_Returns409()
    {
        var name = RegistryApi.UniqueName("dup");
        await _client.AddServerOkAsync(ServerBodies.Stdio(name));

        using var response = await _client.AddServerAsync(ServerBodies.Stdio(name, "v1"));

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task AddServer_SameNameAsDeletedServer_Returns409()
    {
        var name = RegistryApi.UniqueName("dupdel");
        await _client.AddServerOkAsync(ServerBodies.Stdio(name));
        using var deleted = await _client.DeleteServerAsync(name);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);

        using var response = await _client.AddServerAsync(ServerBodies.Stdio(name));

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task AddServer_SameNameOtherVersion_Returns201()
    {
        var name = RegistryApi.UniqueName("twover");
        await _client.AddServerOkAsync(ServerBodies.Stdio(name));

        using var response = await _client.AddServerAsync(ServerBodies.Stdio(name, "v2"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"config":{"command":"npx"},"denied_tool":["x"]}""", "mcp_config.denied_tool")]
    [InlineData("""{"config":{"command":"npx","argz":[]}}""", "mcp_config.config.argz")]
    [InlineData("""{"config":{"command":"npx"},"input_guardrails_config":{"enabled":false,"blok":[]}}""", "mcp_config.input_guardrails_config.blok")]
    [InlineData("""{"config":{"command":"npx"},"denied_tools":[{"name":"x","why":"y"}]}""", "mcp_config.denied_tools[0].why")]
    public async Task AddServer_UnknownFieldInMcpConfig_Returns400NamingItsPath(string mcpConfig, string path)
    {
        using var response = await _client.AddServerAsync(WithMcpConfig(mcpConfig));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, path);
        Assert.Contains("unknown field", problem["errors"]![path]![0].Str(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddServer_UnknownTopLevelField_Returns400NamingIt()
    {
        var body = ServerBodies.Stdio(RegistryApi.UniqueName("top"));
        body["descripton"] = "typo";

        using var response = await _client.AddServerAsync(body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "descripton");
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("-starts-with-dash")]
    [InlineData("slash/inside")]
    [InlineData("ünicode")]
    [InlineData("")]
    public async Task AddServer_BadSavedNameCharset_Returns400AtSavedName(string savedName)
    {
        var body = ServerBodies.Stdio(savedName);

        using var response = await _client.AddServerAsync(body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "saved_name");
    }

    [Fact]
    public async Task AddServer_SavedNameOf129Characters_Returns400AtSavedName()
    {
        using var response = await _client.AddServerAsync(ServerBodies.Stdio(new string('a', 129)));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "saved_name");
    }

    [Fact]
    public async Task AddServer_SavedNameOf128Characters_Returns201()
    {
        var name = "L" + Guid.NewGuid().ToString("N") + new string('x', 95);
        Assert.Equal(128, name.Length);

        using var response = await _client.AddServerAsync(ServerBodies.Stdio(name));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task AddServer_MissingSavedNameAndMcpConfig_Returns400NamingBoth()
    {
        using var response = await _client.AddServerAsync("""{"description":"nothing else"}""");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "saved_name", "mcp_config");
    }

    [Theory]
    [InlineData("bad version")]
    [InlineData("_v1")]
    [InlineData("")]
    public async Task AddServer_BadServerVersion_Returns400AtServerVersion(string version)
    {
        using var response = await _client.AddServerAsync(ServerBodies.Stdio(RegistryApi.UniqueName("bv"), version));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "server_version");
    }

    [Theory]
    [InlineData("job_id", "not-a-uuid")]
    [InlineData("source_url", "ftp://example.com/pkg")]
    [InlineData("source_url", "relative/path")]
    public async Task AddServer_BadOptionalField_Returns400AtThatField(string field, string value)
    {
        var body = ServerBodies.Stdio(RegistryApi.UniqueName("opt"));
        body[field] = value;

        using var response = await _client.AddServerAsync(body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task AddServer_DescriptionOver4000Characters_Returns400AtDescription()
    {
        var body = ServerBodies.Stdio(RegistryApi.UniqueName("desc"));
        body["description"] = new string('d', 4001);

        using var response = await _client.AddServerAsync(body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "description");
    }

    [Theory]
    [InlineData("""{"config":{"command":"npx","url":"https://mcp.example.com/mcp"}}""", "mcp_config.config")]
    [InlineData("""{"config":{"args":["x"]}}""", "mcp_config.config")]
    [InlineData("""{"config":{}}""", "mcp_config.config")]
    [InlineData("""{"tools":{}}""", "mcp_config.config")]
    [InlineData("""{"config":{"command":""}}""", "mcp_config.config.command")]
    [InlineData("""{"config":{"command":"npx\u0007"}}""", "mcp_config.config.command")]
    [InlineData("""{"config":{"url":"ftp://mcp.example.com/mcp"}}""", "mcp_config.config.url")]
    [InlineData("""{"config":{"url":"/relative/mcp"}}""", "mcp_config.config.url")]
    [InlineData("""{"config":{"url":"https://mcp.example.com/mcp","type":"websocket"}}""", "mcp_config.config.type")]
    [InlineData("""{"config":{"url":"https://mcp.example.com/mcp","env":{"A":"b"}}}""", "mcp_config.config.env")]
    [InlineData("""{"config":{"command":"npx","headers":{"A":"b"}}}""", "mcp_config.config.headers")]
    [InlineData("""{"config":{"command":"npx","env":{"1BAD":"x"}}}""", "mcp_config.config.env.1BAD")]
    [InlineData("""{"config":{"command":"npx","env":{"GOOD":"x","BAD-KEY":"y"}}}""", "mcp_config.config.env.BAD-KEY")]
    [InlineData("""{"config":{"command":"npx","env":{"PORT":8080}}}""", "mcp_config.config.env.PORT")]
    [InlineData("""{"config":{"command":"npx","args":"-y"}}""", "mcp_config.config.args")]
    [InlineData("""{"config":{"command":"npx"},"oauth_config":{"enabled":true,"OAUTH_GRANT_TYPE":"client_credentials","OAUTH_CLIENT_ID":"c"}}""", "mcp_config.oauth_config.OAUTH_TOKEN_URL")]
    [InlineData("""{"config":{"command":"npx"},"oauth_config":{"enabled":true,"OAUTH_CLIENT_ID":"c","OAUTH_TOKEN_URL":"https://a.example/token"}}""", "mcp_config.oauth_config.OAUTH_GRANT_TYPE")]
    [InlineData("""{"config":{"command":"npx"},"oauth_config":{"enabled":true,"OAUTH_GRANT_TYPE":"authorization_code","OAUTH_CLIENT_ID":"c","OAUTH_TOKEN_URL":"https://a.example/token"}}""", "mcp_config.oauth_config.OAUTH_AUTHORIZATION_URL")]
    [InlineData("""{"config":{"command":"npx"},"oauth_config":{"OAUTH_GRANT_TYPE":"password"}}""", "mcp_config.oauth_config.OAUTH_GRANT_TYPE")]
    [InlineData("""{"config":{"command":"npx"},"oauth_config":{"OAUTH_VERSION":"1.0"}}""", "mcp_config.oauth_config.OAUTH_VERSION")]
    [InlineData("""{"config":{"command":"npx"},"oauth_config":{"OAUTH_TOKEN_EXPIRY_BUFFER":-1}}""", "mcp_config.oauth_config.OAUTH_TOKEN_EXPIRY_BUFFER")]
    [InlineData("""{"config":{"command":"npx"},"oauth_config":{"OAUTH_USE_PKCE":"yes"}}""", "mcp_config.oauth_config.OAUTH_USE_PKCE")]
    [InlineData("""{"config":{"command":"npx"},"oauth_config":{"oauth_foo":"x"}}""", "mcp_config.oauth_config.oauth_foo")]
    [InlineData("""{"config":{"command":"npx"},"oauth_config":{"enabeld":true}}""", "mcp_config.oauth_config.enabeld")]
    [InlineData("""{"config":{"command":"npx"},"denied_tools":[""]}""", "mcp_config.denied_tools[0]")]
    [InlineData("""{"config":{"command":"npx"},"denied_tools":["ok_*",{"name":""}]}""", "mcp_config.denied_tools[1].name")]
    [InlineData("""{"config":{"command":"npx"},"denied_tools":[{"reason":"no name"}]}""", "mcp_config.denied_tools[0].name")]
    [InlineData("""{"config":{"command":"npx"},"denied_tools":[42]}""", "mcp_config.denied_tools[0]")]
    [InlineData("""{"config":{"command":"npx"},"tools":{"read_file":1}}""", "mcp_config.tools.read_file")]
    [InlineData("""{"config":{"command":"npx"},"enable_server_info_validation":"true"}""", "mcp_config.enable_server_info_validation")]
    [InlineData("""{"config":{"command":"npx"},"input_guardrails_config":{"enabled":true}}""", "mcp_config.input_guardrails_config.guardrail_name")]
    [InlineData("""{"config":{"command":"npx"},"tool_guardrails_config":{"enabled":true,"guardrail_name":""}}""", "mcp_config.tool_guardrails_config.guardrail_name")]
    [InlineData("""{"config":{"command":"npx"},"input_guardrails_config":{"block":["pii","telepathy"]}}""", "mcp_config.input_guardrails_config.block[1]")]
    [InlineData("""{"config":{"command":"npx"},"input_guardrails_config":{"block":["hallucination"]}}""", "mcp_config.input_guardrails_config.block[0]")]
    [InlineData("""{"config":{"command":"npx"},"tool_guardrails_config":{"block":["toxicity","relevancy"]}}""", "mcp_config.tool_guardrails_config.block[1]")]
    [InlineData("""{"config":{"command":"npx"},"output_guardrails_config":{"block":["adherence","nope"]}}""", "mcp_config.output_guardrails_config.block[1]")]
    public async Task AddServer_InvalidMcpConfig_Returns400NamingPath(string mcpConfig, string path)
    {
        using var response = await _client.AddServerAsync(WithMcpConfig(mcpConfig));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, path);
        Assert.DoesNotContain("System.", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddServer_SeveralProblems_ReportsEachPath()
    {
        var body = new JsonObject
        {
            ["saved_name"] = "bad name",
            ["mcp_config"] = JsonNode.Parse("""{"config":{"command":"npx","env":{"1BAD":"x"}},"input_guardrails_config":{"block":["nope"]}}"""),
        };

        using var response = await _client.AddServerAsync(body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "saved_name", "mcp_config.config.env.1BAD", "mcp_config.input_guardrails_config.block[0]");
    }

    [Fact]
    public async Task AddServer_OutputOnlyDetectorOnOutput_Returns201()
    {
        var body = WithMcpConfig("""{"config":{"command":"npx"},"output_guardrails_config":{"enabled":true,"guardrail_name":"g","block":["hallucination","adherence","relevancy","pii"]}}""");

        using var response = await _client.AddServerAsync(body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = await _client.GetServerOkAsync(body["saved_name"].Str());
        Assert.Equal(
            ["hallucination", "adherence", "relevancy", "pii"],
            stored["mcp_config"]!["output_guardrails_config"]!["block"]!.AsArray().Select(d => d.Str()));
    }

    [Fact]
    public async Task AddServer_ExtraOauthVendorKey_IsKeptAsGiven()
    {
        var name = RegistryApi.UniqueName("vendor");
        var body = ServerBodies.Remote(name);
        body["mcp_config"]!["oauth_config"]!["OAUTH_VENDOR_X"] = JsonNode.Parse("""{"tenant":"acme","retries":3}""");

        await _client.AddServerOkAsync(body);
        var read = await _client.GetServerOkAsync(name);

        var oauth = read["mcp_config"]!["oauth_config"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"tenant":"acme","retries":3}"""), oauth["OAUTH_VENDOR_X"]));
        Assert.Equal("kept", oauth["OAUTH_CUSTOM_VENDOR_FLAG"].Str());
    }

    [Fact]
    public async Task AddServer_AuthorizationCodeGrantComplete_Returns201()
    {
        var body = WithMcpConfig("""
            {"config":{"url":"https://mcp.example.com/sse","transport":"sse"},
             "oauth_config":{"enabled":true,"is_remote":true,"OAUTH_VERSION":"2.1","OAUTH_GRANT_TYPE":"authorization_code",
               "OAUTH_CLIENT_ID":"c","OAUTH_TOKEN_URL":"https://a.example/token","OAUTH_AUTHORIZATION_URL":"https://a.example/authorize",
               "OAUTH_USE_PKCE":true,"OAUTH_TOKEN_EXPIRY_BUFFER":30,"OAUTH_ADDITIONAL_PARAMS":{"prompt":"consent"}}}
            """);

        using var response = await _client.AddServerAsync(body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var oauth = (await _client.GetServerOkAsync(body["saved_name"].Str()))["mcp_config"]!["oauth_config"]!;
        Assert.Equal("authorization_code", oauth["OAUTH_GRANT_TYPE"].Str());
        Assert.Equal("https://a.example/authorize", oauth["OAUTH_AUTHORIZATION_URL"].Str());
        Assert.True(oauth["OAUTH_USE_PKCE"]!.GetValue<bool>());
        Assert.Equal("consent", oauth["OAUTH_ADDITIONAL_PARAMS"]!["prompt"].Str());
    }

    [Fact]
    public async Task AddServer_KeyOrderOfSectionsAndEnv_IsPreservedOnRead()
    {
        var name = RegistryApi.UniqueName("order");
        var body = new JsonObject
        {
            ["saved_name"] = name,
            ["mcp_config"] = JsonNode.Parse("""
                {"tools":{"zeta":"z","alpha":"a"},
                 "output_guardrails_config":{"enabled":false},
                 "config":{"env":{"Z_VAR":"1","A_VAR":"2","M_VAR":"3"},"args":["x"],"command":"node"},
                 "enable_server_info_validation":false,
                 "denied_tools":["b_*","a_*"]}
                """),
        };

        await _client.AddServerOkAsync(body);
        var read = await _client.GetServerOkAsync(name);

        var mcpConfig = read["mcp_config"]!.AsObject();
        Assert.Equal(["tools", "output_guardrails_config", "config", "enable_server_info_validation", "denied_tools"], mcpConfig.Select(p => p.Key));
        Assert.Equal(["Z_VAR", "A_VAR", "M_VAR"], mcpConfig["config"]!["env"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["env", "args", "command"], mcpConfig["config"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["zeta", "alpha"], mcpConfig["tools"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task AddServer_MaskSentAsSecret_Returns400AtThatSecret()
    {
        var body = ServerBodies.Stdio(RegistryApi.UniqueName("mask"));
        body["mcp_config"]!["config"]!["env"]!["GITHUB_TOKEN"] = "********";

        using var response = await _client.AddServerAsync(body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "mcp_config.config.env.GITHUB_TOKEN");
    }

    [Fact]
    public async Task AddServer_BodyOver1MiB_Returns413()
    {
        var json = $$"""{"saved_name":"big","description":"{{new string('x', (1024 * 1024) + 10)}}"}""";

        using var response = await _client.AddServerAsync(json);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task AddServer_ChunkedBodyOver1MiB_Returns413()
    {
        using var content = new ChunkedJsonContent($$"""{"saved_name":"big","description":"{{new string('x', (1024 * 1024) + 10)}}"}""");

        using var response = await _client.PostAsync(RegistryApi.AddServerPath, content, Ct);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task AddServer_TextPlain_Returns415()
    {
        using var content = new StringContent(ServerBodies.Stdio(RegistryApi.UniqueName("txt")).ToJsonString(), Encoding.UTF8, "text/plain");

        using var response = await _client.PostAsync(RegistryApi.AddServerPath, content, Ct);

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task AddServer_NoContentType_Returns415()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"saved_name":"x"}"""));

        using var response = await _client.PostAsync(RegistryApi.AddServerPath, content, Ct);

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("""{"saved_name": "x", """)]
    [InlineData("""{saved_name: "x"}""")]
    [InlineData("""{"saved_name": "x"} trailing""")]
    [InlineData("""{"saved_name": "a", "saved_name": "b", "mcp_config": {"config": {"command": "npx"}}}""")]
    [InlineData("""[{"saved_name": "x"}]""")]
    [InlineData("")]
    public async Task AddServer_MalformedJson_Returns400WithoutInternals(string json)
    {
        using var response = await _client.AddServerAsync(json);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var text = problem.ToJsonString();
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", problem["detail"].Str().Replace(" at line", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddServer_ErrorBody_HasEveryFieldOfTheOneShape()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, RegistryApi.AddServerPath) { Content = HttpTestExtensions.Json("""{"saved_name":"x y"}""") };
        request.Headers.Add("X-Request-Id", "add-shape-1");

        using var response = await _client.SendAsync(request, Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "saved_name");
        Assert.Equal("about:blank", problem["type"].Str());
        Assert.Equal("Bad request", problem["title"].Str());
        Assert.Equal("add-shape-1", problem["request_id"].Str());
        Assert.DoesNotContain("stack", problem.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A JSON body sent without a Content-Length, so the server must count the bytes itself.</summary>
    private sealed class ChunkedJsonContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedJsonContent(string json)
        {
            _bytes = Encoding.UTF8.GetBytes(json);
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var offset = 0; offset < _bytes.Length; offset += 64 * 1024)
            {
                await stream.WriteAsync(_bytes.AsMemory(offset, Math.Min(64 * 1024, _bytes.Length - offset)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
