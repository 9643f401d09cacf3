using System.Text.Json.Nodes;
using RegistryConsole.Components.Pages.Gateways;

namespace RegistryConsole.Tests.Unit.Components.Pages.Gateways;

public sealed class GatewayDraftTests
{
    [Fact]
    public void BuildPatch_NothingChanged_IsEmpty()
    {
        var draft = GatewayDraft.From(TestGateways.With("prod", "v1", true, "filesystem"));

        var patch = draft.BuildPatch();

        Assert.NotNull(patch);
        Assert.Empty(patch.Body);
        Assert.False(draft.IsDirty);
    }

    [Fact]
    public void BuildPatch_ChangedKeyOnly_LeavesUnchangedKeysOut()
    {
        var gateway = TestGateways.With("prod") with
        {
            ServersConfig = new(new JsonObject { ["enable_server_info_validation"] = true, ["tool_guardrails_config"] = new JsonObject { ["enabled"] = true, ["guardrail_name"] = "g" } }, []),
        };
        var draft = GatewayDraft.From(gateway);
        draft.Common.Text = """{ "enable_server_info_validation": false, "tool_guardrails_config": { "guardrail_name": "g", "enabled": true } }""";

        var patch = draft.BuildPatch();

        Assert.Equal("""{"servers_config":{"common_overrides":{"enable_server_info_validation":false}}}""", patch!.Body.ToJsonString());
    }

    [Fact]
    public void Rebase_KeepsUnsavedTextAndDropsDetachedServers()
    {
        var draft = GatewayDraft.From(TestGateways.With("prod", "v1", true, "filesystem", "github"));
        draft.Servers[0].Text = """{ "enable_server_info_validation": false }""";

        draft.Rebase(TestGateways.With("prod", "v1", true, "filesystem", "slack"));

        Assert.Equal(["filesystem", "slack"], draft.Servers.Select(s => s.Key.SavedName));
        Assert.Contains("false", draft.Servers[0].Text, StringComparison.Ordinal);
        Assert.True(draft.IsDirty);
    }
}
