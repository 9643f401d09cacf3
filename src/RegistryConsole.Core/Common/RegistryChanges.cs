namespace RegistryConsole.Core.Common;

/// <summary>
/// "Something in this scope was committed": raised after every successful commit that touched the scope, by anyone, through
/// the console or the API. Scopes are the change-stamp scopes (<see cref="Persistence.ChangeStamp.Registry"/>: servers, reviews,
/// snapshots, gateways; <see cref="Persistence.ChangeStamp.Access"/>: keys and users). A notification carries no data: a
/// subscriber reads again what it shows (the review-queue badge re-counts). Extra notifications are harmless; a missed one
/// would leave a stale number, so every commit publishes.
/// </summary>
public interface IRegistryChanges
{
    /// <summary>
    /// Calls <paramref name="onChange"/> with the scope after each commit. It runs on the committing thread: keep it quick
    /// (schedule work, never wait for it) and never throw. Dispose the result to stop.
    /// </summary>
    IDisposable Subscribe(Action<string> onChange);

    /// <summary>Tells every subscriber that <paramref name="scope"/> changed (after commit; also for a change another instance committed).</summary>
    void Publish(string scope);
}

/// <summary>The in-process notifier (a singleton). Commits reach it through <see cref="Persistence.RegistryChangesInterceptor"/>.</summary>
public sealed class RegistryChanges : IRegistryChanges
{
    private readonly Lock _gate = new();
    private Action<string>[] _subscribers = [];

    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    public IDisposable Subscribe(Action<string> onChange)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, onChange];
        }

        return new Subscription(this, onChange);
    }

    public void Publish(string scope)
    {
        // Copy-on-write: publishing takes no lock and never sees a half-updated list.
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            try
            {
                subscriber(scope);
            }
            catch (Exception)
            {
                // One broken subscriber (a closed circuit) must neither fail the commit that already happened nor starve the others.
            }
        }
    }

    private void Unsubscribe(Action<string> onChange)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_subscribers, onChange);
            if (index >= 0)
            {
                _subscribers = [.. _subscribers[..index], .. _subscribers[(index + 1)..]];
            }
        }
    }

    private sealed class Subscription(RegistryChanges owner, Action<string> onChange) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(onChange);
            }
        }
    }
}
