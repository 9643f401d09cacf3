using System.Text.Json.Nodes;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Tests.Unit.Core.Gateways;

public sealed class GatewayPatchTests
{
    [Fact]
    public void ReadEntries_KeysOverridesAndRemoveFlag_ASecondEntryForTheSameServerIsAnError()
    {
        var errors = new FieldErrors();
        var entries = GatewayPatch.ReadEntries(Obj("""
            {"servers_config":{"servers":[
              {"saved_name":"fs","input_guardrails_config":{"name":"g"}},
              {"saved_name":"gh","server_version":"v2","remove":true},
              {"saved_name":"fs","server_version":"v1"}]}}
            """), errors);

        Assert.Equal([new ServerKey("fs", "v1"), new ServerKey("gh", "v2")], entries.Select(e => e.Key));
        Assert.Equal("""{"input_guardrails_config":{"name":"g"}}""", entries[0].Overrides.ToJsonString());
        Assert.True(entries[1].Remove);
        Assert.Contains("servers_config.servers[2].saved_name", errors.ToDictionary().Keys);
    }

    [Fact]
    public void MergeCommonOverrides_AbsentKeepsNullEmptiesObjectMergesKeyByKey()
    {
        var current = Obj("""{"a":{"x":1},"b":2}""");

        Assert.Same(current, GatewayPatch.MergeCommonOverrides(current, Obj("""{"description":"d"}""")));
        Assert.Empty(GatewayPatch.MergeCommonOverrides(current, Obj("""{"servers_config":{"common_overrides":null}}""")));
        Assert.Equal("""{"a":{"y":2},"c":3}""", GatewayPatch.MergeCommonOverrides(current, Obj("""{"servers_config":{"common_overrides":{"a":{"y":2},"b":null,"c":3}}}""")).ToJsonString());
    }

    [Fact]
    public void ApplyEntries_AddsAtTheEndMergesAndDetaches_DetachingAServerNotAttachedIsAnError()
    {
        var gateway = new Gateway { Id = "g", ProjectId = "p", SavedName = "gw", Version = "v1" };
        gateway.Servers.Add(GatewayPatch.NewReference("g", "s1", 0, Obj("""{"a":1,"b":null}""")));
        gateway.Servers.Add(GatewayPatch.NewReference("g", "s2", 1, Obj("{}")));
        var ids = new Dictionary<ServerKey, string> { [new("one", "v1")] = "s1", [new("two", "v1")] = "s2", [new("three", "v1")] = "s3", [new("four", "v1")] = "s4" };
        var entries = new List<GatewayEntry>
        {
            new(0, new("one", "v1"), Obj("""{"a":null,"c":3}"""), Remove: false),
            new(1, new("two", "v1"), [], Remove: true),
            new(2, new("three", "v1"), Obj("""{"d":null,"e":5}"""), Remove: false),
        };
        var errors = new FieldErrors();
        var removed = new List<GatewayServer>();

        Assert.True(GatewayPatch.ApplyEntries(gateway, entries, ids, errors, removed));

        Assert.True(errors.IsEmpty);
        Assert.Equal(["s1", "s3"], gateway.Servers.Select(s => s.ServerId));
        Assert.Equal("""{"c":3}""", gateway.Servers[0].Overrides.ToJsonString());
        Assert.Equal(("""{"e":5}""", 1), (gateway.Servers[1].Overrides.ToJsonString(), gateway.Servers[1].Position));
        Assert.Equal("s2", Assert.Single(removed).ServerId);

        Assert.False(GatewayPatch.ApplyEntries(gateway, [new(0, new("four", "v1"), [], Remove: true)], ids, errors, removed));
        Assert.Contains("servers_config.servers[0]", errors.ToDictionary().Keys);
    }

    [Fact]
    public void DiffOverrides_IsTheInverseOfMergeOverrides()
    {
        var original = Obj("""{"a":{"x":1},"b":2}""");
        var edited = Obj("""{"a":{"x":2},"c":3}""");

        var patch = GatewayPatch.DiffOverrides(original, edited);

        Assert.Equal("""{"a":{"x":2},"b":null,"c":3}""", patch.ToJsonString());
        Assert.True(JsonNode.DeepEquals(edited, GatewayPatch.MergeOverrides(original, patch)));
    }

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();
}
