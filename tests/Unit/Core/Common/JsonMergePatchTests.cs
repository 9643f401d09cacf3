using System.Text.Json.Nodes;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Tests.Unit.Core.Common;

public sealed class JsonMergePatchTests
{
    [Fact]
    public void Apply_KeyPresentReplacesNullRemovesNestedObjectsMerge_AndTheTargetIsNotChanged()
    {
        var target = Obj("""{"a":1,"b":{"x":1,"y":2},"c":3}""");

        var result = JsonMergePatch.Apply(target, Obj("""{"a":9,"b":{"y":null,"z":3},"c":null,"d":[1]}"""));

        Assert.Equal("""{"a":9,"b":{"x":1,"z":3},"d":[1]}""", result.ToJsonString());
        Assert.Equal("""{"a":1,"b":{"x":1,"y":2},"c":3}""", target.ToJsonString());
    }

    [Fact]
    public void Apply_AtDepthOne_ReplacesObjectValuesWhole()
    {
        var result = JsonMergePatch.Apply(Obj("""{"g":{"name":"a","block":["pii"]}}"""), Obj("""{"g":{"name":"b"}}"""), depth: 1);

        Assert.Equal("""{"g":{"name":"b"}}""", result.ToJsonString());
    }

    [Fact]
    public void Diff_ChangedAddedAndRemovedKeys_InTheOrderOfBeforeThenNew()
    {
        var patch = JsonMergePatch.Diff(Obj("""{"a":1,"b":{"x":1,"y":2},"c":3}"""), Obj("""{"d":4,"c":3,"b":{"x":1,"y":5},"a":1}"""));

        Assert.Equal("""{"b":{"y":5},"d":4}""", patch.ToJsonString());
        Assert.Equal("""{"a":null}""", JsonMergePatch.Diff(Obj("""{"a":1}"""), Obj("{}")).ToJsonString());
        Assert.Empty(JsonMergePatch.Diff(Obj("""{"a":{"b":[1,2]}}"""), Obj("""{"a":{"b":[1,2]}}""")));
    }

    [Theory]
    [InlineData("""{"a":1,"b":{"x":{"deep":1},"y":2}}""", """{"b":{"x":{"deep":2}},"c":"new"}""", int.MaxValue)]
    [InlineData("""{"a":1,"b":{"x":{"deep":1},"y":2}}""", """{"b":{"x":{"deep":2}},"c":"new"}""", 1)]
    [InlineData("""{"a":1,"b":{"x":{"deep":1},"y":2}}""", """{"b":{"y":2,"z":[]}}""", 2)]
    public void Diff_ThenApply_GivesTheEditedDocumentBack(string before, string after, int depth)
    {
        var patch = JsonMergePatch.Diff(Obj(before), Obj(after), depth);

        Assert.True(JsonNode.DeepEquals(Obj(after), JsonMergePatch.Apply(Obj(before), patch, depth)), patch.ToJsonString());
    }

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();
}
