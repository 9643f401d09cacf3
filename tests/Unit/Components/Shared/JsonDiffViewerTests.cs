using Bunit;
using RegistryConsole.Components.Shared;

namespace RegistryConsole.Tests.Unit.Components.Shared;

public sealed class JsonDiffViewerTests : ConsoleTestContext
{
    [Fact]
    public void JsonDiffViewer_Ready_CreatesItsOwnTwoModelsAndPairsThem()
    {
        var cut = Render<JsonDiffViewer>(p => p.Add(d => d.Original, "{\"a\": 1}").Add(d => d.Modified, "{\"a\": 2}").Add(d => d.OriginalLabel, "Served").Add(d => d.ModifiedLabel, "Pending"));

        cut.WaitForAssertion(() => Assert.Single(JSInterop.Invocations["blazorMonaco.editor.setInstanceDiffModel"]));
        var models = JSInterop.Invocations["blazorMonaco.editor.createModel"];
        Assert.Equal(2, models.Count);
        Assert.Equal("{\"a\": 1}", models[0].Arguments[0]);
        Assert.Equal("{\"a\": 2}", models[1].Arguments[0]);
        Assert.All(models, m => Assert.Equal("json", m.Arguments[1]));
        Assert.NotEqual(models[0].Arguments[2], models[1].Arguments[2]);
        Assert.Contains("Served", cut.Find("[data-testid=diff-original-label]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonDiffViewer_NewText_UpdatesOnlyThatModel()
    {
        var cut = Render<JsonDiffViewer>(p => p.Add(d => d.Original, "a").Add(d => d.Modified, "b"));
        cut.WaitForAssertion(() => Assert.Single(JSInterop.Invocations["blazorMonaco.editor.setInstanceDiffModel"]));
        var modifiedUri = JSInterop.Invocations["blazorMonaco.editor.createModel"][1].Arguments[2];

        cut.Render(p => p.Add(d => d.Original, "a").Add(d => d.Modified, "c"));

        var update = Assert.Single(JSInterop.Invocations["blazorMonaco.editor.model.setValue"]);
        Assert.Equal(modifiedUri, update.Arguments[0]);
        Assert.Equal("c", update.Arguments[1]);
    }

    [Fact]
    public async Task JsonDiffViewer_Disposed_DisposesBothModels()
    {
        var cut = Render<JsonDiffViewer>(p => p.Add(d => d.Original, "a").Add(d => d.Modified, "b"));
        cut.WaitForAssertion(() => Assert.Single(JSInterop.Invocations["blazorMonaco.editor.setInstanceDiffModel"]));

        await cut.Instance.DisposeAsync();

        Assert.Equal(2, JSInterop.Invocations["blazorMonaco.editor.model.dispose"].Count);
    }

    [Fact]
    public void JsonDiffViewer_Reveal_ScrollsTheNamedSideOnceAndAgainForANewRequest()
    {
        var line = new DiffLine(Original: true, Line: 7);
        var cut = Render<JsonDiffViewer>(p => p.Add(d => d.Original, "a").Add(d => d.Modified, "b").Add(d => d.Reveal, line));
        cut.WaitForAssertion(() => Assert.Single(JSInterop.Invocations["registryConsole.jsonDiff.reveal"]));
        var first = JSInterop.Invocations["registryConsole.jsonDiff.reveal"][0];
        Assert.Equal(["original", 7], first.Arguments.Skip(1));

        cut.Render(p => p.Add(d => d.Original, "a").Add(d => d.Modified, "b").Add(d => d.Reveal, line));
        Assert.Single(JSInterop.Invocations["registryConsole.jsonDiff.reveal"]);

        cut.Render(p => p.Add(d => d.Original, "a").Add(d => d.Modified, "b").Add(d => d.Reveal, new DiffLine(Original: false, Line: 7)));
        Assert.Equal(["modified", 7], JSInterop.Invocations["registryConsole.jsonDiff.reveal"][1].Arguments.Skip(1));
    }
}
