using BlazorMonaco.Editor;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using RegistryConsole.Components.Layout;

namespace RegistryConsole.Components.Shared;

/// <summary>
/// A read-only, side-by-side Monaco diff of two JSON texts (BlazorMonaco's StandaloneDiffEditor). Each instance owns
/// two Monaco models under its own URIs and disposes them with itself, so many diffs on one page never share text.
/// </summary>
/// <remarks>
/// Models are created and changed through this circuit's own <see cref="IJSRuntime"/>, never through BlazorMonaco's
/// <c>Global</c> or <c>TextModel</c> helpers: in 3.0.0 those use one process-wide runtime (the last editor's circuit),
/// which on Blazor Server would send one user's text to another user's browser.
/// </remarks>
public sealed partial class JsonDiffViewer : IAsyncDisposable
{
    private readonly string _id = "json-diff-" + Guid.NewGuid().ToString("N")[..12];
    private StandaloneDiffEditor? _editor;
    private string OriginalUri => $"inmemory://{_id}/original.json";

    private string ModifiedUri => $"inmemory://{_id}/modified.json";

    private string? _appliedOriginal;
    private string? _appliedModified;
    private bool _ready;
    private bool _appliedDark;

    [Inject]
    public required IJSRuntime JS { get; init; }

    /// <summary>The left side: what was (empty for "nothing before").</summary>
    [Parameter]
    public string? Original { get; set; }

    /// <summary>The right side: what is (or would be).</summary>
    [Parameter]
    public string? Modified { get; set; }

    [Parameter]
    public string OriginalLabel { get; set; } = "Before";

    [Parameter]
    public string ModifiedLabel { get; set; } = "After";

    /// <summary>CSS height of the diff area.</summary>
    [Parameter]
    public string Height { get; set; } = "360px";

    /// <summary>A line to scroll to and highlight; a new instance (even for the same line) scrolls again.</summary>
    [Parameter]
    public DiffLine? Reveal { get; set; }

    private DiffLine? _appliedReveal;

    [CascadingParameter(Name = ConsoleTheme.IsDarkModeCascade)]
    public bool IsDarkMode { get; set; }

    [Parameter(CaptureUnmatchedValues = true)]
    public IReadOnlyDictionary<string, object>? AdditionalAttributes { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (!_ready)
        {
            return;
        }

        if ((Original ?? string.Empty) != _appliedOriginal)
        {
            _appliedOriginal = Original ?? string.Empty;
            await JS.InvokeVoidAsync("blazorMonaco.editor.model.setValue", OriginalUri, _appliedOriginal);
        }

        if ((Modified ?? string.Empty) != _appliedModified)
        {
            _appliedModified = Modified ?? string.Empty;
            await JS.InvokeVoidAsync("blazorMonaco.editor.model.setValue", ModifiedUri, _appliedModified);
        }

        // The layout learns the stored theme only after the first render: follow it (Monaco's theme is page-wide).
        if (IsDarkMode != _appliedDark)
        {
            _appliedDark = IsDarkMode;
            await JS.InvokeVoidAsync("blazorMonaco.editor.setTheme", IsDarkMode ? "vs-dark" : "vs");
        }

        await RevealAsync();
    }

    private async Task RevealAsync()
    {
        if (Reveal is null || ReferenceEquals(Reveal, _appliedReveal))
        {
            return;
        }

        _appliedReveal = Reveal;
        await JS.InvokeVoidAsync("registryConsole.jsonDiff.reveal", _id, Reveal.Original ? "original" : "modified", Reveal.Line);
    }

    private StandaloneDiffEditorConstructionOptions Options(StandaloneDiffEditor editor) => new()
    {
        ReadOnly = true,
        OriginalEditable = false,
        RenderSideBySide = true,
        AutomaticLayout = true,
        Theme = IsDarkMode ? "vs-dark" : "vs",
        Minimap = new EditorMinimapOptions { Enabled = false },
        ScrollBeyondLastLine = false,
        WordWrap = "on",
        DiffWordWrap = "on",
        RenderOverviewRuler = false,
        OriginalAriaLabel = OriginalLabel,
        AriaLabel = ModifiedLabel,
    };

    private async Task OnEditorReadyAsync()
    {
        if (_editor is null)
        {
            return;
        }

        _appliedOriginal = Original ?? string.Empty;
        _appliedModified = Modified ?? string.Empty;
        _appliedDark = IsDarkMode;
        await JS.InvokeVoidAsync("blazorMonaco.editor.setTheme", IsDarkMode ? "vs-dark" : "vs");
        await JS.InvokeVoidAsync("blazorMonaco.editor.createModel", _appliedOriginal, "json", OriginalUri);
        await JS.InvokeVoidAsync("blazorMonaco.editor.createModel", _appliedModified, "json", ModifiedUri);
        await JS.InvokeVoidAsync("blazorMonaco.editor.setInstanceDiffModel", _id, new { original = new { uri = OriginalUri }, modified = new { uri = ModifiedUri } });
        _ready = true;
        await RevealAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_ready)
        {
            return;
        }

        try
        {
            await JS.InvokeVoidAsync("blazorMonaco.editor.model.dispose", OriginalUri);
            await JS.InvokeVoidAsync("blazorMonaco.editor.model.dispose", ModifiedUri);
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and Monaco with it.
        }
        catch (OperationCanceledException)
        {
            // The circuit is going away while the call was on its way (see SaveShortcut.DisposeAsync).
        }
        catch (JSException)
        {
            // The page is being torn down and Monaco disposed the models with the editor already.
        }
    }
}

/// <summary>A line of one side of a diff (1-based) to bring into view.</summary>
public sealed record DiffLine(bool Original, int Line);
