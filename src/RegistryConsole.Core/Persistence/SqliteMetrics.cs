using System.Diagnostics.Metrics;

namespace RegistryConsole.Core.Persistence;

/// <summary>
/// The SQLite write path's own measurements, on the meter <see cref="MeterName"/> (dotnet-counters, OpenTelemetry's
/// <c>AddMeter</c>): how many saves share a group commit, how long a group holds the file's write lock, how long its
/// <c>COMMIT</c> takes (the log's fsync), and how long the checkpointer's copies take. Each is tagged with the database
/// file's name (<see cref="DatabaseTag"/>). Recording costs a check of a flag while nothing listens.
/// </summary>
internal static class SqliteMetrics
{
    public const string MeterName = "RegistryConsole.Sqlite";

    /// <summary>The tag naming the database file (OpenTelemetry's database namespace).</summary>
    public const string DatabaseTag = "db.namespace";

    // In seconds, as ASP.NET Core's request durations, but from half a millisecond (a group of one on a fast disk) up to a
    // few seconds (a stalled disk).
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5],
    };

    private static readonly Meter Meter = new(MeterName);

    public static readonly Histogram<int> GroupSaves = Meter.CreateHistogram(
        "registryconsole.sqlite.group.saves", "{save}", "Saves that shared one group commit's transaction.", tags: null,
        new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64] });

    public static readonly Histogram<double> GroupDuration = Meter.CreateHistogram(
        "registryconsole.sqlite.group.duration", "s", "How long a group commit held the file's write lock: BEGIN IMMEDIATE to the end of its COMMIT.",
        tags: null, Seconds);

    public static readonly Histogram<double> CommitDuration = Meter.CreateHistogram(
        "registryconsole.sqlite.group.commit.duration", "s", "How long a group's COMMIT took: writing and syncing the write-ahead log.",
        tags: null, Seconds);

    public static readonly Histogram<double> CheckpointDuration = Meter.CreateHistogram(
        "registryconsole.sqlite.checkpoint.duration", "s", "How long a passive checkpoint beside the writer took to copy the log into the database file.",
        tags: null, Seconds);
}
