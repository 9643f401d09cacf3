using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace RegistryConsole.Components.Shared;

/// <summary>
/// Loads Monaco on demand (issue 13 item 9): BlazorMonaco's interop script, Monaco's AMD loader and <c>editor.main.js</c>
/// (about 3 MB) are injected by <c>registryConsole.monaco.load()</c> the first time an editor renders, once per page
/// (the promise is shared), and only then is <see cref="ChildContent"/> rendered, so BlazorMonaco never creates an
/// editor before <c>monaco</c> exists. Pages without an editor (the servers list after sign-in) never fetch it.
/// </summary>
public sealed partial class MonacoLoader : IDisposable
{
    private bool _disposed;

    private bool _loaded;
    private bool _failed;

    [Inject]
    public required IJSRuntime JS { get; init; }

    [Parameter]
    public RenderFragment? ChildContent { get; set; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        try
        {
            await JS.InvokeVoidAsync("registryConsole.monaco.load");
            if (_disposed)
            {
                // The page moved on while Monaco loaded: create no editor for a component that is gone.
                return;
            }

            _loaded = true;
        }
        catch (JSException)
        {
            _failed = true;
        }
        catch (JSDisconnectedException)
        {
            return;
        }
        catch (TaskCanceledException)
        {
            return;
        }

        StateHasChanged();
    }

    public void Dispose() => _disposed = true;
}
