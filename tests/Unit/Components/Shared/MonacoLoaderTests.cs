using BlazorMonaco.Editor;
using Bunit;
using Microsoft.JSInterop;
using RegistryConsole.Components.Shared;

namespace RegistryConsole.Tests.Unit.Components.Shared;

/// <summary>Issue 13 item 9: Monaco's scripts are asked for by the first editor, and no editor is created before they are there.</summary>
public sealed class MonacoLoaderTests : ConsoleTestContext
{
    private const string Load = "registryConsole.monaco.load";

    [Fact]
    public void JsonEditor_UntilMonacoHasLoaded_ShowsProgressAndCreatesNoEditor()
    {
        var load = JSInterop.SetupVoid(Load);

        var cut = Render<JsonEditor>(p => p.Add(e => e.Value, "{}"));

        cut.WaitForAssertion(() => Assert.Single(JSInterop.Invocations[Load]));
        Assert.NotNull(cut.Find("[data-testid=monaco-loading]"));
        Assert.Empty(cut.FindComponents<StandaloneCodeEditor>());
        Assert.Empty(JSInterop.Invocations["blazorMonaco.editor.create"]);

        load.SetVoidResult();

        cut.WaitForAssertion(() => Assert.Single(cut.FindComponents<StandaloneCodeEditor>()));
        Assert.Empty(cut.FindAll("[data-testid=monaco-loading]"));
    }

    [Fact]
    public void JsonDiffViewer_WaitsForMonacoToo()
    {
        var load = JSInterop.SetupVoid(Load);

        var cut = Render<JsonDiffViewer>(p => p.Add(d => d.Original, "{}").Add(d => d.Modified, "{\"a\":1}"));

        cut.WaitForAssertion(() => Assert.Single(JSInterop.Invocations[Load]));
        Assert.Empty(cut.FindComponents<StandaloneDiffEditor>());

        load.SetVoidResult();

        cut.WaitForAssertion(() => Assert.Single(cut.FindComponents<StandaloneDiffEditor>()));
    }

    [Fact]
    public void JsonEditor_MonacoFailsToLoad_SaysSoInsteadOfAnEmptyBox()
    {
        JSInterop.SetupVoid(Load).SetException(new JSException("could not load editor.main.js"));

        var cut = Render<JsonEditor>(p => p.Add(e => e.Value, "{}"));

        cut.WaitForAssertion(() => Assert.Contains("could not be loaded", cut.Find("[data-testid=monaco-failed]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindComponents<StandaloneCodeEditor>());
    }
}
