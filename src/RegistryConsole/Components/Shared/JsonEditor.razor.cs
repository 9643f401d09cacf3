using BlazorMonaco.Editor;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using RegistryConsole.Components.Layout;

namespace RegistryConsole.Components.Shared;

/// <summary>
/// A validation message for a JSON editor: the path is relative to the editor's own root (<c>command</c>, <c>[0].name</c>).
/// <paramref name="Line"/> pins the line when it is known without a path (a syntax error).
/// </summary>
public sealed record JsonEditorError(string Path, string Message, int? Line = null)
{
    public int LineIn(string? json) => Line ?? JsonLineLocator.LineOf(json, Path);
}

/// <summary>
/// A key to mark inside the editor, such as a gateway-overridden key: its lines (the key and its whole value) get a tint
/// and a bar in the gutter, and <paramref name="Message"/> shows on hover. <paramref name="Kind"/> picks the colour
/// (CSS <c>rc-highlight-{kind}</c>). The path is relative to the editor's root, as for <see cref="JsonEditorError"/>.
/// </summary>
public sealed record JsonHighlight(string Path, string Message, string Kind = JsonHighlight.DefaultKind)
{
    public const string DefaultKind = "default";
}

/// <summary>
/// The JSON editors of one form. A page cascades one; before saving it asks every editor for Monaco's latest text,
/// so a Ctrl+S pressed right after typing never saves the text from a keystroke earlier.
/// </summary>
public sealed class JsonEditorGroup
{
    private readonly List<JsonEditor> _editors = [];

    internal void Add(JsonEditor editor) => _editors.Add(editor);

    internal void Remove(JsonEditor editor) => _editors.Remove(editor);

    /// <summary>Scrolls the editor named <paramref name="name"/> into view with the cursor on <paramref name="line"/>; false when no such editor is ready.</summary>
    public async Task<bool> RevealAsync(string name, int line)
    {
        var editor = _editors.FirstOrDefault(e => e.Name == name);
        return editor is not null && await editor.RevealLineAsync(line);
    }

    public async Task FlushAsync()
    {
        foreach (var editor in _editors.ToList())
        {
            await editor.FlushAsync();
        }
    }
}

/// <summary>
/// The one wrapper around Monaco (BlazorMonaco's StandaloneCodeEditor): JSON language, two-way string value, read-only
/// mode, a schema for completion and as-you-type errors, and server-side validation messages as markers on the line of
/// the path they name. Pages and tests use this component only, never Monaco.
/// </summary>
public sealed partial class JsonEditor : IAsyncDisposable
{
    private readonly string _id = "json-editor-" + Guid.NewGuid().ToString("N")[..12];
    private StandaloneCodeEditor? _editor;
    private bool _ready;
    private string? _text;
    private bool _appliedReadOnly;
    private bool _appliedDark;
    private IReadOnlyList<JsonEditorError>? _appliedErrors;
    private IReadOnlyList<JsonHighlight>? _appliedHighlights;
    private string[] _decorationIds = [];

    [Inject]
    public required IJSRuntime JS { get; init; }

    /// <summary>The JSON text.</summary>
    [Parameter]
    public string? Value { get; set; }

    [Parameter]
    public EventCallback<string> ValueChanged { get; set; }

    [Parameter]
    public bool ReadOnly { get; set; }

    /// <summary>CSS height of the editor area.</summary>
    [Parameter]
    public string Height { get; set; } = "200px";

    /// <summary>One of <see cref="JsonEditorSchemas"/>; null for plain JSON.</summary>
    [Parameter]
    public string? Schema { get; set; }

    /// <summary>Server-side validation messages, placed as markers on the lines their paths name.</summary>
    [Parameter]
    public IReadOnlyList<JsonEditorError>? Errors { get; set; }

    /// <summary>Keys to mark inside the editor (Monaco decorations on their lines).</summary>
    [Parameter]
    public IReadOnlyList<JsonHighlight>? Highlights { get; set; }

    [Parameter]
    public string? Label { get; set; }

    /// <summary>
    /// What the editor edits (a section key, <c>body</c>): the error summary reveals its lines by this name, and the
    /// wrapper carries it as <c>data-error-target</c>.
    /// </summary>
    [Parameter]
    public string? Name { get; set; }

    [Parameter]
    public string? HelperText { get; set; }

    [CascadingParameter(Name = ConsoleTheme.IsDarkModeCascade)]
    public bool IsDarkMode { get; set; }

    [CascadingParameter]
    public JsonEditorGroup? Group { get; set; }

    [Parameter(CaptureUnmatchedValues = true)]
    public IReadOnlyDictionary<string, object>? AdditionalAttributes { get; set; }

    private string CurrentText => _text ?? Value ?? string.Empty;

    protected override void OnInitialized() => Group?.Add(this);

    protected override async Task OnParametersSetAsync()
    {
        if (!_ready || _editor is null)
        {
            return;
        }

        if ((Value ?? string.Empty) != CurrentText)
        {
            // Set from outside (reload, whole-JSON mode switch): the editor follows without echoing back.
            _text = Value ?? string.Empty;
            await _editor.SetValue(_text);
            _appliedErrors = null;
            _appliedHighlights = null;
        }

        if (ReadOnly != _appliedReadOnly)
        {
            _appliedReadOnly = ReadOnly;
            await _editor.UpdateOptions(new EditorUpdateOptions { ReadOnly = ReadOnly });
        }

        if (IsDarkMode != _appliedDark)
        {
            _appliedDark = IsDarkMode;
            await JS.InvokeVoidAsync("registryConsole.jsonEditor.setTheme", IsDarkMode);
        }

        if (!ReferenceEquals(Errors, _appliedErrors))
        {
            await PushMarkersAsync();
        }

        // Compared by value: a page may build the list on every render.
        if (_appliedHighlights is null || !(Highlights ?? []).SequenceEqual(_appliedHighlights))
        {
            await PushHighlightsAsync();
        }
    }

    /// <summary>The Monaco decorations for <paramref name="highlights"/> in <paramref name="json"/>; a path not in the text marks nothing.</summary>
    public static IReadOnlyList<ModelDeltaDecoration> Decorations(string? json, IReadOnlyList<JsonHighlight>? highlights) =>
    [
        .. (highlights ?? [])
            .Select(h => (Highlight: h, Lines: JsonLineLocator.LinesOf(json, h.Path)))
            .Where(h => h.Lines is not null)
            .Select(h => new ModelDeltaDecoration
            {
                Range = new BlazorMonaco.Range(h.Lines!.Value.First, 1, h.Lines.Value.Last, 1),
                Options = new ModelDecorationOptions
                {
                    IsWholeLine = true,
                    ClassName = $"rc-highlight rc-highlight-{h.Highlight.Kind}",
                    LinesDecorationsClassName = $"rc-highlight-gutter rc-highlight-gutter-{h.Highlight.Kind}",
                    HoverMessage = [new BlazorMonaco.MarkdownString { Value = h.Highlight.Message }],
                    Stickiness = TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
                },
            }),
    ];

    private StandaloneEditorConstructionOptions Options(StandaloneCodeEditor editor) => new()
    {
        Language = "json",
        Value = Value ?? string.Empty,
        ReadOnly = ReadOnly,
        Theme = IsDarkMode ? "vs-dark" : "vs",
        AutomaticLayout = true,
        Minimap = new EditorMinimapOptions { Enabled = false },
        ScrollBeyondLastLine = false,
        TabSize = 2,
        InsertSpaces = true,
        WordWrap = "on",
        FixedOverflowWidgets = true,
        RenderValidationDecorations = "on",
        AriaLabel = Label ?? "JSON editor",
    };

    private async Task OnEditorReadyAsync()
    {
        _ready = true;
        _text = Value ?? string.Empty;
        _appliedReadOnly = ReadOnly;
        _appliedDark = IsDarkMode;
        await JS.InvokeAsync<bool>("registryConsole.jsonEditor.attach", _id, Schema, JsonEditorSchemas.For(Schema), IsDarkMode);
        await PushMarkersAsync();
        await PushHighlightsAsync();
    }

    /// <summary>Scrolls the editor into view, puts the cursor on <paramref name="line"/> (1-based) and focuses it.</summary>
    public async Task<bool> RevealLineAsync(int line)
    {
        if (!_ready)
        {
            return false;
        }

        await JS.InvokeVoidAsync("registryConsole.jsonEditor.reveal", _id, line);
        return true;
    }

    /// <summary>Reads Monaco's current text and raises <see cref="ValueChanged"/> if it is newer than the last one seen.</summary>
    public Task FlushAsync() => OnContentChangedAsync();

    private async Task OnContentChangedAsync()
    {
        if (_editor is null || !_ready)
        {
            return;
        }

        var text = await _editor.GetValue(null, null) ?? string.Empty;
        if (text == _text)
        {
            return;
        }

        _text = text;
        await ValueChanged.InvokeAsync(text);
    }

    private async Task PushMarkersAsync()
    {
        _appliedErrors = Errors;
        var markers = (Errors ?? []).Select(e => new { line = e.LineIn(CurrentText), message = string.IsNullOrEmpty(e.Path) ? e.Message : $"{e.Path}: {e.Message}" }).ToArray();
        await JS.InvokeVoidAsync("registryConsole.jsonEditor.setMarkers", _id, markers);
    }

    private async Task PushHighlightsAsync()
    {
        _appliedHighlights = Highlights ?? [];
        if (_editor is null || (_decorationIds.Length == 0 && Highlights is not { Count: > 0 }))
        {
            return;
        }

        _decorationIds = await _editor.DeltaDecorations(_decorationIds, [.. Decorations(CurrentText, Highlights)]) ?? [];
    }

    public async ValueTask DisposeAsync()
    {
        Group?.Remove(this);
        if (!_ready)
        {
            return;
        }

        try
        {
            await JS.InvokeVoidAsync("registryConsole.jsonEditor.detach", _id);
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and Monaco with it.
        }
        catch (OperationCanceledException)
        {
            // The circuit is going away while the call was on its way (see SaveShortcut.DisposeAsync).
        }
    }
}
