using RegistryConsole.Components.Shared;

namespace RegistryConsole.Tests.Unit.Components.Shared;

public sealed class ChangeDocumentsTests
{
    [Fact]
    public void From_ChangeList_BuildsBeforeAndAfterKeyedByPath()
    {
        var changes = FakeAuditService.Changes(("a.b", 1, 2), ("added", null, "x"), ("removed", true, null), ("", null, null));

        var (before, after) = ChangeDocuments.From(changes);

        Assert.Equal("""{"a.b":1,"removed":true}""", before.ToJsonString());
        Assert.Equal("""{"a.b":2,"added":"x"}""", after.ToJsonString());
    }

    [Fact]
    public void Rows_ShowRawJsonOfEachSide()
    {
        var rows = ChangeDocuments.Rows(FakeAuditService.Changes(("tools", null, new System.Text.Json.Nodes.JsonObject { ["t"] = "d" })));

        Assert.Equal(new ChangeDocuments.ChangeRow("tools", null, """{"t":"d"}"""), rows.Single());
    }
}
