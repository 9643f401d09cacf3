using Microsoft.AspNetCore.Components;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Components.Layout;

/// <summary>
/// Calls <see cref="OnChange"/> on the circuit when anyone commits a change in <see cref="Scope"/> (issue 13 item 8): the
/// review-queue badge and the servers grid re-read what they show without a navigation. Notifications are coalesced: the
/// first one schedules a refresh <see cref="Delay"/> later and those arriving meanwhile ride along, so a burst (a bulk add,
/// a script approving fifty servers) costs one re-read per delay, never one per change, and a steady stream still refreshes.
/// Renders nothing; unsubscribes when its host goes away.
/// </summary>
public sealed class RegistryChangeListener : ComponentBase, IDisposable
{
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromMilliseconds(300);

    private IDisposable? _subscription;
    private Timer? _timer;
    private int _scheduled;
    private volatile bool _disposed;

    [Inject]
    public required IRegistryChanges Changes { get; init; }

    /// <summary>What to do after a change: re-read and let the host render (an EventCallback renders its receiver).</summary>
    [Parameter]
    public EventCallback OnChange { get; set; }

    /// <summary>The change-stamp scope to follow; servers, reviews and gateways are all <see cref="ChangeStamp.Registry"/>.</summary>
    [Parameter]
    public string Scope { get; set; } = ChangeStamp.Registry;

    [Parameter]
    public TimeSpan Delay { get; set; } = DefaultDelay;

    protected override void OnInitialized()
    {
        _timer = new Timer(_ => Refresh(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _subscription = Changes.Subscribe(OnCommitted);
    }

    /// <summary>Runs on the committing thread (another user's circuit, an API request): only schedules.</summary>
    private void OnCommitted(string scope)
    {
        if (_disposed || !string.Equals(scope, Scope, StringComparison.Ordinal) || Interlocked.Exchange(ref _scheduled, 1) == 1)
        {
            return;
        }

        try
        {
            _timer?.Change(Delay, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the check and here.
        }
    }

    private void Refresh() => _ = InvokeAsync(async () =>
    {
        // From here on a new change schedules another refresh, so nothing committed during this one is missed.
        Volatile.Write(ref _scheduled, 0);
        if (_disposed)
        {
            return;
        }

        try
        {
            await OnChange.InvokeAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A live refresh is a convenience: a failing one leaves the old numbers; the next change or navigation tries again.
        }
    });

    public void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
        _timer?.Dispose();
    }
}
