using System.Collections.Concurrent;

namespace RegistryConsole.Auth;

/// <summary>
/// Failed sign-ins are audited at most once per client address per minute, so a password-guessing flood cannot fill
/// the audit log. Each audited failure carries the count of failures from that address since its previous audit event
/// (the failures in between are counted, not lost). Kept in memory: a restart starts the count again.
/// </summary>
public sealed class SignInFailureAudit(TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>
    /// Counts a failure from <paramref name="address"/>; returns the count to audit now, or null when this address was
    /// audited less than <see cref="Window"/> ago.
    /// </summary>
    public int? Count(string address)
    {
        var now = clock.GetUtcNow();
        var entry = _entries.GetOrAdd(address, _ => new Entry());
        lock (entry)
        {
            entry.Failures++;
            if (entry.LastAudited is { } last && now - last < Window)
            {
                return null;
            }

            var count = entry.Failures;
            entry.Failures = 0;
            entry.LastAudited = now;
            Prune(now);
            return count;
        }
    }

    private void Prune(DateTimeOffset now)
    {
        if (_entries.Count < 10_000)
        {
            return;
        }

        foreach (var (address, entry) in _entries)
        {
            if (entry.LastAudited is { } last && now - last > Window && entry.Failures == 0)
            {
                _entries.TryRemove(address, out _);
            }
        }
    }

    private sealed class Entry
    {
        public int Failures { get; set; }

        public DateTimeOffset? LastAudited { get; set; }
    }
}
