namespace RegistryConsole.Core.Caching;

/// <summary>
/// The change stamps one API request has read, shared by every cache the request consults (its key, its project's
/// settings, the server or gateway it reads). Where a stamp read is a database round trip (PostgreSQL,
/// <see cref="DatabaseChangeStampReader"/>), a request then reads both scopes once, in one query, instead of once per
/// cache. Every request starts without stamps, so a change committed by any instance still shows on the very next
/// request; and a request that saves a change forgets its stamps (<see cref="Forget"/>), so it never reads its own
/// change through a cache entry built before it. Only the REST pipeline begins a snapshot: a console circuit lives for
/// hours and reads fresh stamps on every call.
/// </summary>
public static class RequestStamps
{
    private static readonly AsyncLocal<Snapshot?> Current = new();

    /// <summary>This flow's snapshot while its request lasts: work that outlives the request (it inherited the flow) reads fresh stamps.</summary>
    private static Snapshot? Active => Current.Value is { Ended: false } snapshot ? snapshot : null;

    /// <summary>Starts a snapshot for the rest of this asynchronous flow (one request); disposing it ends it.</summary>
    public static IDisposable Begin()
    {
        var snapshot = new Snapshot(Active);
        Current.Value = snapshot;
        return snapshot;
    }

    /// <summary>True inside a snapshot (tests and the pipeline's wiring).</summary>
    public static bool IsActive => Active is not null;

    /// <summary>The stamps this flow's snapshot read, or null (no snapshot, or none read since the last save).</summary>
    internal static IReadOnlyDictionary<string, string>? Known => Active?.Stamps;

    /// <summary>Keeps <paramref name="stamps"/> for the rest of this flow's snapshot, when there is one.</summary>
    internal static void Remember(IReadOnlyDictionary<string, string> stamps)
    {
        if (Active is { } snapshot)
        {
            snapshot.Stamps = stamps;
        }
    }

    /// <summary>Called by every save: the next stamp read of this flow goes to the database again.</summary>
    internal static void Forget()
    {
        if (Active is { } snapshot)
        {
            snapshot.Stamps = null;
        }
    }

    private sealed class Snapshot(Snapshot? outer) : IDisposable
    {
        // Replaced whole, never changed in place: a reader on another thread sees the old set or the new one.
        public volatile IReadOnlyDictionary<string, string>? Stamps;

        public volatile bool Ended;

        public void Dispose()
        {
            Ended = true;
            Stamps = null;
            Current.Value = outer;
        }
    }
}
