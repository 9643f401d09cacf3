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

    [Fact]
    public void StagedAttachAndDetach_AreDirtyAndGoOutInOnePatchInListOrder()
    {
        var draft = GatewayDraft.From(TestGateways.With("prod", "v1", true, "filesystem", "github"));

        Assert.True(draft.Attach(new("slack", "v2")));
        Assert.False(draft.Attach(new("filesystem", "v1")));
        draft.Detach(new("github", "v1"));
        draft.Servers[1].Text = """{ "enable_server_info_validation": false }""";

        Assert.True(draft.IsDirty);
        Assert.Equal(["filesystem", "slack"], draft.Remaining.Select(s => s.Key.SavedName));
        var patch = draft.BuildPatch()!;
        Assert.Equal(
            """{"servers_config":{"servers":[{"saved_name":"github","server_version":"v1","remove":true},{"saved_name":"slack","server_version":"v2"}]}}""",
            patch.Body.ToJsonString());
        Assert.Equal(["github", "slack"], patch.Entries.Select(e => e.Key.SavedName));
    }

    [Fact]
    public void StagedChanges_UndoneOneByOne_LeaveNothingToSave()
    {
        var draft = GatewayDraft.From(TestGateways.With("prod", "v1", true, "filesystem"));
        draft.Attach(new("slack", "v2"));
        draft.Detach(new("filesystem", "v1"));

        draft.Detach(new("slack", "v2"));
        draft.KeepAttached(new("filesystem", "v1"));

        Assert.False(draft.IsDirty);
        Assert.Empty(draft.BuildPatch()!.Body);
    }

    [Fact]
    public void Discard_DropsStagedServersAndUnmarksDetached()
    {
        var draft = GatewayDraft.From(TestGateways.With("prod", "v1", true, "filesystem"));
        draft.Attach(new("slack", "v2"));
        draft.Detach(new("filesystem", "v1"));

        draft.Discard();

        Assert.False(draft.IsDirty);
        Assert.Equal(["filesystem"], draft.Servers.Select(s => s.Key.SavedName));
    }

    [Fact]
    public void Rebase_KeepsStagedAttachAndDetach()
    {
        var gateway = TestGateways.With("prod", "v1", true, "filesystem", "github");
        var draft = GatewayDraft.From(gateway);
        draft.Attach(new("slack", "v2"));
        draft.Detach(new("github", "v1"));

        draft.Rebase(gateway with { Revision = 5, IsActive = false });

        Assert.Equal(["filesystem", "github", "slack"], draft.Servers.Select(s => s.Key.SavedName));
        Assert.True(draft.Servers[1].IsDetached);
        Assert.True(draft.Servers[2].IsNew);
    }
}
