using System.Text.Json.Nodes;
using RegistryConsole.Core.Audit;

namespace RegistryConsole.Tests.Unit.Core.Audit;

using RegistryConsole.Tests.Unit.Infrastructure;

public sealed class JsonDiffTests
{
    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>Diff of two documents without secrets: the plain and masked views are the same.</summary>
    private static IReadOnlyList<Change> Diff(string before, string after) => AuditLog.Diff(Parse(before), Parse(after));

    private static string Json(JsonNode? node) => node?.ToJsonString() ?? "null";

    [Fact]
    public void Changes_EqualDocuments_NoChanges()
    {
        Assert.Empty(Diff("""{"a": 1, "b": {"c": [1, 2]}}""", """{"b": {"c": [1, 2]}, "a": 1}"""));
    }

    [Fact]
    public void Changes_NestedObjectKeyChanged_ReportsLeafPath()
    {
        var changes = Diff(
            """{"mcp_config": {"config": {"command": "npx", "args": ["a"]}, "tools": {}}}""",
            """{"mcp_config": {"config": {"command": "uvx", "args": ["a"]}, "tools": {}}}""");

        var change = Assert.Single(changes);
        Assert.Equal("mcp_config.config.command", change.Path);
        Assert.Equal("\"npx\"", Json(change.Before));
        Assert.Equal("\"uvx\"", Json(change.After));
    }

    [Fact]
    public void Changes_ArrayElementChanged_ReportsWholeArray()
    {
        var change = Assert.Single(Diff("""{"config": {"args": ["-y", "pkg@1.0.0"]}}""", """{"config": {"args": ["-y", "pkg@2.0.0"]}}"""));

        Assert.Equal("config.args", change.Path);
        Assert.Equal("""["-y","pkg@1.0.0"]""", Json(change.Before));
        Assert.Equal("""["-y","pkg@2.0.0"]""", Json(change.After));
    }

    [Fact]
    public void Changes_ArrayOfObjectsChanged_ReportsWholeArrayNotElementPaths()
    {
        var change = Assert.Single(Diff("""{"denied_tools": [{"name": "a"}]}""", """{"denied_tools": [{"name": "b"}, "c"]}"""));

        Assert.Equal("denied_tools", change.Path);
        Assert.Equal("""[{"name":"b"},"c"]""", Json(change.After));
    }

    [Fact]
    public void Changes_KeyAdded_ReportsNullBefore()
    {
        var change = Assert.Single(Diff("""{"env": {"A": "1"}}""", """{"env": {"A": "1", "B": "2"}}"""));

        Assert.Equal("env.B", change.Path);
        Assert.Null(change.Before);
        Assert.Equal("\"2\"", Json(change.After));
    }

    [Fact]
    public void Changes_KeyRemoved_ReportsNullAfter()
    {
        var change = Assert.Single(Diff("""{"env": {"A": "1", "B": "2"}}""", """{"env": {"A": "1"}}"""));

        Assert.Equal("env.B", change.Path);
        Assert.Equal("\"2\"", Json(change.Before));
        Assert.Null(change.After);
    }

    [Fact]
    public void Changes_ObjectAddedWhereNothingWas_ReportsWholeObjectAtItsPath()
    {
        var change = Assert.Single(Diff("""{"config": {}}""", """{"config": {"env": {"A": "1"}}}"""));

        Assert.Equal("config.env", change.Path);
        Assert.Null(change.Before);
        Assert.Equal("""{"A":"1"}""", Json(change.After));
    }

    [Fact]
    public void Changes_ValueReplacedByObject_ReportsWholeValues()
    {
        var change = Assert.Single(Diff("""{"x": "text"}""", """{"x": {"y": 1}}"""));

        Assert.Equal("x", change.Path);
        Assert.Equal("\"text\"", Json(change.Before));
        Assert.Equal("""{"y":1}""", Json(change.After));
    }

    [Fact]
    public void Changes_SeveralLeaves_ReportsEachInDocumentOrderThenAddedKeys()
    {
        var changes = Diff("""{"a": 1, "b": {"c": 1, "d": 1}, "e": 1}""", """{"a": 2, "b": {"c": 1, "d": 2}, "f": 1}""");

        Assert.Equal(["a", "b.d", "e", "f"], changes.Select(c => c.Path));
    }

    [Fact]
    public void Changes_NullBefore_ReportsWholeDocumentAtEmptyPath()
    {
        var after = Parse("""{"name": "k", "role": "viewer"}""");

        var change = Assert.Single(AuditLog.Diff(null, after));

        Assert.Equal(string.Empty, change.Path);
        Assert.Null(change.Before);
        Assert.Equal(after.ToJsonString(), Json(change.After));
    }

    [Fact]
    public void Changes_SecretChanged_ReportedWithMaskedValues()
    {
        var before = Parse("""{"mcp_config": {"config": {"env": {"GITHUB_TOKEN": "ghp_old_secret", "LOG": "info"}}}}""");
        var after = Parse("""{"mcp_config": {"config": {"env": {"GITHUB_TOKEN": "ghp_new_secret", "LOG": "info"}}}}""");
        var maskedBefore = Parse("""{"mcp_config": {"config": {"env": {"GITHUB_TOKEN": "********", "LOG": "info"}}}}""");
        var maskedAfter = Parse("""{"mcp_config": {"config": {"env": {"GITHUB_TOKEN": "********", "LOG": "info"}}}}""");

        var changes = JsonDiff.Changes(before, after, maskedBefore, maskedAfter);

        var change = Assert.Single(changes);
        Assert.Equal("mcp_config.config.env.GITHUB_TOKEN", change.Path);
        Assert.Equal("\"********\"", Json(change.Before));
        Assert.Equal("\"********\"", Json(change.After));
        var json = JsonDiff.ToJson(changes);
        Assert.DoesNotContain("ghp_", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Changes_SecretUnchanged_NotReported()
    {
        var plain = Parse("""{"env": {"API_KEY": "plain-value"}}""");
        var masked = Parse("""{"env": {"API_KEY": "********"}}""");

        Assert.Empty(JsonDiff.Changes(plain, (JsonObject)plain.DeepClone(), masked, (JsonObject)masked.DeepClone()));
    }

    [Fact]
    public void Changes_SecretAddedAndNonSecretChanged_OnlyMaskedValuesReported()
    {
        var before = Parse("""{"headers": {"X-Trace": "a"}}""");
        var after = Parse("""{"headers": {"X-Trace": "b", "Authorization": "Bearer plain-token"}}""");
        var maskedAfter = Parse("""{"headers": {"X-Trace": "b", "Authorization": "********"}}""");

        var changes = JsonDiff.Changes(before, after, before, maskedAfter);

        Assert.Equal(["headers.X-Trace", "headers.Authorization"], changes.Select(c => c.Path));
        Assert.Equal("\"********\"", Json(changes[1].After));
        Assert.DoesNotContain("plain-token", JsonDiff.ToJson(changes), StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_Changes_WritesPathBeforeAfterArray()
    {
        var json = JsonDiff.ToJson([new Change("a.b", JsonValue.Create(1), null)]);

        Assert.Equal("""[{"path":"a.b","before":1,"after":null}]""", json);
    }

    [Fact]
    public void ToJson_NoChanges_WritesEmptyArray()
    {
        Assert.Equal("[]", JsonDiff.ToJson([]));
    }
}
