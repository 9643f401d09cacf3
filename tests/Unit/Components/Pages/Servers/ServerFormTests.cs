using System.Text.Json.Nodes;
using RegistryConsole.Components.Pages.Servers;

namespace RegistryConsole.Tests.Unit.Components.Pages.Servers;

public sealed class ServerFormTests
{
    [Fact]
    public void Diff_OneFieldChanged_PatchHasOnlyThatField()
    {
        var original = ServerForm.BodyOf(TestServers.Stdio("fs"));
        var edited = (JsonObject)original.DeepClone();
        edited["description"] = "new";

        Assert.Equal("{\"description\":\"new\"}", ServerForm.Diff(original, edited).ToJsonString());
    }

    [Fact]
    public void Diff_SectionChangedAndSectionRemoved_PatchesOnlyThoseSections()
    {
        var original = ServerForm.BodyOf(TestServers.Stdio("fs"));
        var edited = (JsonObject)original.DeepClone();
        edited["mcp_config"]!["tools"] = new JsonObject { ["list_files"] = "Lists" };
        edited["mcp_config"]!.AsObject().Remove("denied_tools");

        var patch = ServerForm.Diff(original, edited);

        Assert.Equal("{\"mcp_config\":{\"tools\":{\"list_files\":\"Lists\"},\"denied_tools\":null}}", patch.ToJsonString());
    }

    [Fact]
    public void Diff_OptionalFieldCleared_SendsNull()
    {
        var original = ServerForm.BodyOf(TestServers.Stdio("fs"));
        var (form, _) = ServerForm.FromBody(original);
        form.Scalars["server_name"] = "   ";

        var patch = ServerForm.Diff(original, form.ToBody().Body);

        Assert.Equal("{\"server_name\":null}", patch.ToJsonString());
    }

    [Fact]
    public void FormRoundTrip_Unchanged_NoPatchAndMasksKept()
    {
        var original = ServerForm.BodyOf(TestServers.Stdio("fs"));
        var (form, unrepresentable) = ServerForm.FromBody(original);

        var (body, syntax) = form.ToBody();

        Assert.Empty(unrepresentable);
        Assert.Empty(syntax);
        Assert.Empty(ServerForm.Diff(original, body));
        Assert.Equal("********", (string?)body["mcp_config"]!["config"]!["env"]!["GITHUB_TOKEN"]);
    }

    [Fact]
    public void ToBody_SectionNotJson_ReportsItOnThatSectionWithItsLine()
    {
        var form = ServerForm.New();
        form.Sections["tools"] = "{\n  \"a\": \"b\",\n  oops\n}";

        var (body, syntax) = form.ToBody();

        Assert.False(body["mcp_config"]!.AsObject().ContainsKey("tools"));
        Assert.Equal(3, syntax["tools"].Line);
    }

    [Fact]
    public void ToBody_ServerInfoValidation_OnlySentWhenOnOrAlreadySet()
    {
        var blank = ServerForm.New();
        Assert.False(blank.ToBody().Body["mcp_config"]!.AsObject().ContainsKey("enable_server_info_validation"));

        blank.ServerInfoValidation = true;
        Assert.True((bool)blank.ToBody().Body["mcp_config"]!["enable_server_info_validation"]!);

        var (wasOn, _) = ServerForm.FromBody(ServerForm.BodyOf(TestServers.Stdio("fs")));
        wasOn.ServerInfoValidation = false;
        Assert.False((bool)wasOn.ToBody().Body["mcp_config"]!["enable_server_info_validation"]!);
    }

    [Fact]
    public void FromBody_UnknownOrMistypedFields_AreReported()
    {
        var body = new JsonObject
        {
            ["saved_name"] = "fs",
            ["denied_tool"] = new JsonArray(),
            ["job_id"] = 5,
            ["mcp_config"] = new JsonObject { ["config"] = new JsonObject(), ["future_key"] = 1 },
        };

        var (form, unrepresentable) = ServerForm.FromBody(body);

        Assert.Equal(["denied_tool", "job_id"], unrepresentable);
        Assert.Equal("1", form.OtherMcpConfig["future_key"]!.ToJsonString());
    }

    [Fact]
    public void Errors_ForForm_RouteToFieldSectionSwitchOrGeneral()
    {
        var errors = ServerFormErrors.ForForm(new Dictionary<string, string[]>
        {
            ["saved_name"] = ["is required"],
            ["mcp_config.config.command"] = ["must not be empty"],
            ["mcp_config.denied_tools[1].name"] = ["must be a non-empty glob"],
            ["mcp_config.config"] = ["must have exactly one of 'command' (stdio) or 'url' (remote)"],
            ["mcp_config.enable_server_info_validation"] = ["has the wrong type: expected true or false"],
            ["mcp_config.denied_toolz"] = ["unknown field"],
        });

        Assert.Equal("is required", errors.Fields["saved_name"]);
        Assert.Equal(["command", ""], errors.Sections["config"].Select(e => e.Path));
        Assert.Equal("[1].name", errors.Sections["denied_tools"][0].Path);
        Assert.Contains("expected true or false", errors.Fields["enable_server_info_validation"], StringComparison.Ordinal);
        Assert.Equal(["mcp_config.denied_toolz: unknown field"], errors.General);
    }
}
