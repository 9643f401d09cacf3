namespace RegistryConsole.Core.Persistence;

/// <summary>
/// The system clock cut to whole microseconds: PostgreSQL keeps microseconds, SQLite's text keeps 100 ns ticks. Cutting at
/// the source makes a timestamp read back equal to the one a service returned when it wrote it, on both providers.
/// </summary>
public sealed class MicrosecondTimeProvider : TimeProvider
{
    private readonly TimeProvider _inner;

    public MicrosecondTimeProvider(TimeProvider inner) => _inner = inner;

    public static new MicrosecondTimeProvider System { get; } = new(TimeProvider.System);

    public override DateTimeOffset GetUtcNow()
    {
        var now = _inner.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }

    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override long GetTimestamp() => _inner.GetTimestamp();
}
