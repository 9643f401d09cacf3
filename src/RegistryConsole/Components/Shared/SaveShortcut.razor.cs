using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace RegistryConsole.Components.Shared;

/// <summary>
/// Ctrl+S (Cmd+S) anywhere on the page, inside an editor too, calls <see cref="OnSave"/> instead of the browser's
/// "save page". Put one on a page that saves: <c>&lt;SaveShortcut OnSave="SaveAsync" /&gt;</c>. Renders nothing.
/// </summary>
public sealed class SaveShortcut : ComponentBase, IAsyncDisposable
{
    private DotNetObjectReference<SaveShortcut>? _self;
    private IJSObjectReference? _listener;

    [Inject]
    public required IJSRuntime JS { get; init; }

    /// <summary>What Ctrl+S does; the page that owns the callback re-renders afterwards, as after a click.</summary>
    [Parameter]
    public EventCallback OnSave { get; set; }

    /// <summary>While true, Ctrl+S is swallowed and nothing is saved (a save already running, a read-only page).</summary>
    [Parameter]
    public bool Disabled { get; set; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            _self = DotNetObjectReference.Create(this);
            _listener = await JS.InvokeAsync<IJSObjectReference?>("registryConsole.registerSaveShortcut", _self);
        }
    }

    /// <summary>Called by the keydown listener of registry-console.js.</summary>
    [JSInvokable]
    public Task OnSaveShortcut() => InvokeAsync(() => Disabled ? Task.CompletedTask : OnSave.InvokeAsync());

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_listener is not null)
            {
                await _listener.InvokeVoidAsync("dispose");
                await _listener.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The page closed with the circuit; the listener went with it.
        }
        catch (OperationCanceledException)
        {
            // The circuit is going away while the call was on its way: the same, seen a moment earlier. Left to
            // propagate, it would end the circuit with an "unhandled exception" (seen in the browser tests' logs).
        }

        _self?.Dispose();
    }
}
