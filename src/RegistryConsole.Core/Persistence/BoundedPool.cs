using System.Collections.Concurrent;

namespace RegistryConsole.Core.Persistence;

/// <summary>
/// Long-lived items (an open SQLite connection with its prepared statements) handed to one caller at a time, at most
/// <paramref name="max"/> of them alive. Used where one shared connection behind a lock made concurrent requests queue:
/// the stamp probes (<see cref="Caching.SqliteChangeStampReader"/>) and the prepared get-server lookup
/// (<see cref="SqlitePreparedQuery{T}"/>).
/// </summary>
internal sealed class BoundedPool<T>(Func<T> create, int max) : IDisposable
    where T : class, IDisposable
{
    private readonly ConcurrentBag<T> _idle = [];
    private int _alive;
    private bool _disposed;

    /// <summary>An idle item, or a new one while fewer than the maximum are alive; null when all are in use.</summary>
    public T? TryRent()
    {
        if (_idle.TryTake(out var item))
        {
            return item;
        }

        if (Interlocked.Increment(ref _alive) > max)
        {
            Interlocked.Decrement(ref _alive);
            return null;
        }

        try
        {
            return create();
        }
        catch
        {
            Interlocked.Decrement(ref _alive);
            throw;
        }
    }

    /// <summary>Back to the pool; closed instead when <paramref name="broken"/> (its state is unknown) or the pool is disposed.</summary>
    public void Return(T item, bool broken = false)
    {
        if (!broken && !_disposed)
        {
            _idle.Add(item);
            return;
        }

        item.Dispose();
        Interlocked.Decrement(ref _alive);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var item))
        {
            item.Dispose();
        }
    }
}
