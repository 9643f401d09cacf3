using System.Text.Json.Nodes;
using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Tests.Unit.Core.Persistence;

/// <summary>
/// Change tracking decides with <see cref="JsonColumn.Same"/> whether a JSON column is written again: equal trees are
/// the same, and any difference the stored text would show (a value, a key, the key order) is a change.
/// </summary>
public sealed class JsonColumnTests
{
    [Theory]
    [InlineData("""{"a":1,"b":{"c":[1,"x",true,null]}}""", """{"a":1,"b":{"c":[1,"x",true,null]}}""", true)]
    [InlineData("""{}""", """{}""", true)]
    [InlineData("""{"a":1,"b":2}""", """{"b":2,"a":1}""", false)]
    [InlineData("""{"a":1}""", """{"a":2}""", false)]
    [InlineData("""{"a":"1"}""", """{"a":1}""", false)]
    [InlineData("""{"a":{"b":[1,2]}}""", """{"a":{"b":[2,1]}}""", false)]
    [InlineData("""{"a":{"b":[1,2]}}""", """{"a":{"b":[1,2,3]}}""", false)]
    [InlineData("""{"a":null}""", """{"a":{}}""", false)]
    [InlineData("""{"a":null}""", """{}""", false)]
    [InlineData("""{"a":[]}""", """{"a":{}}""", false)]
    [InlineData("""{"env":{"TOKEN":"secret"}}""", """{"env":{"TOKEN":"secret2"}}""", false)]
    public void Same_ParsedTrees_AgreesWithTheStoredText(string left, string right, bool same)
    {
        var a = JsonNode.Parse(left)!;
        var b = JsonNode.Parse(right)!;

        Assert.Equal(same, JsonColumn.Same(a, b));
        Assert.Equal(same, JsonColumn.Same(b, a));
        Assert.Equal(same, JsonColumn.Write(a) == JsonColumn.Write(b));
    }

    [Fact]
    public void Same_NodeChangedInPlaceAgainstItsSnapshot_IsAChange()
    {
        var node = JsonNode.Parse("""{"config":{"args":["-y","pkg@1.0.0"]}}""")!.AsObject();
        var snapshot = JsonColumn.Copy(node);
        Assert.True(JsonColumn.Same(node, snapshot));

        node["config"]!["args"]![1] = "pkg@2.0.0";

        Assert.False(JsonColumn.Same(node, snapshot));
        Assert.False(JsonColumn.Same(node, null));
        Assert.True(JsonColumn.Same(null, null));
    }
}
