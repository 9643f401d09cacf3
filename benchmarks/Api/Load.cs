using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace RegistryConsole.Benchmarks.Api;

/// <summary>One scenario: a request per call, built from the worker number and that worker's call count.</summary>
internal sealed record Scenario(string Name, Func<int, long, HttpRequestMessage> Request, Target? Target = null, bool IsWrite = false);

/// <summary>A target of issue 9: its wording and its check against this scenario's result and the same run's healthz.</summary>
internal sealed record Target(string Text, Func<Result, Result, bool> Met);

/// <param name="AppCpuMs">The app's CPU time per request in the measured window (ms; both cores count): what a request costs
/// the machine, which unlike req/s does not depend on how the 32 connections queue. Null in results recorded before it.</param>
internal sealed record Result(string Name, long Requests, long Errors, double Seconds, double P50, double P95, double P99, string? FirstError, double? AppCpuMs = null)
{
    public double PerSecond => Seconds > 0 ? Requests / Seconds : 0;
}

/// <summary>Closed-loop load: N workers on N connections, a warm-up, then a fixed measured duration.</summary>
internal static class Load
{
    /// <param name="timeline">A folder for this scenario's timeline (<see cref="WriteTimelineAsync"/>), or null.</param>
    public static async Task<Result> RunAsync(HttpClient client, Scenario scenario, int connections, TimeSpan warmUp, TimeSpan duration, Func<TimeSpan> appCpu, string? timeline = null)
    {
        var origin = Stopwatch.GetTimestamp();
        var latencies = new List<double>[connections];
        var starts = new List<double>[connections];
        var errors = new long[connections];
        var requests = new long[connections];
        string? firstError = null;
        var measuring = false;
        var stop = false;
        var workers = new Task[connections];
        for (var w = 0; w < connections; w++)
        {
            var worker = w;
            latencies[worker] = new List<double>(4096);
            starts[worker] = new List<double>(4096);
            workers[w] = Task.Run(async () =>
            {
                long call = 0;
                while (!Volatile.Read(ref stop))
                {
                    var started = Stopwatch.GetTimestamp();
                    var ok = false;
                    string? error = null;
                    try
                    {
                        using var request = scenario.Request(worker, call++);
                        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                        ok = response.IsSuccessStatusCode;
                        if (!ok)
                        {
                            error = $"{(int)response.StatusCode} {Truncate(await response.Content.ReadAsStringAsync())}";
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        error = ex.Message;
                    }

                    if (!Volatile.Read(ref measuring) || Volatile.Read(ref stop))
                    {
                        continue;
                    }

                    requests[worker]++;
                    latencies[worker].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    starts[worker].Add(Stopwatch.GetElapsedTime(origin, started).TotalMilliseconds);
                    if (!ok)
                    {
                        errors[worker]++;
                        Interlocked.CompareExchange(ref firstError, error, null);
                    }
                }
            });
        }

        await Task.Delay(warmUp);
        var cpuBefore = appCpu();
        var watch = Stopwatch.StartNew();
        Volatile.Write(ref measuring, true);
        await Task.Delay(duration);
        Volatile.Write(ref stop, true);
        var seconds = watch.Elapsed.TotalSeconds;
        var cpu = appCpu() - cpuBefore;
        await Task.WhenAll(workers);

        if (timeline is not null)
        {
            await WriteTimelineAsync(timeline, scenario.Name, starts, latencies);
        }

        var all = latencies.SelectMany(l => l).Order().ToArray();
        var total = requests.Sum();
        return new Result(scenario.Name, total, errors.Sum(), seconds, Percentile(all, 0.50), Percentile(all, 0.95), Percentile(all, 0.99), firstError,
            total > 0 ? cpu.TotalMilliseconds / total : null);
    }

    /// <summary>
    /// Writes <c>DIR/scenario.csv</c>: one line per measured request, <c>worker,start_ms,latency_ms</c>, the start counted
    /// from the scenario's first request. Percentiles per second of it show whether a tail is spread evenly (queueing) or
    /// comes in bursts (a stall of the writer, a collection, a slow fsync).
    /// </summary>
    private static async Task WriteTimelineAsync(string folder, string scenario, List<double>[] starts, List<double>[] latencies)
    {
        Directory.CreateDirectory(folder);
        var file = Regex.Replace(scenario.ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-');
        await using var writer = new StreamWriter(Path.Combine(folder, file + ".csv"));
        await writer.WriteLineAsync("worker,start_ms,latency_ms");
        for (var w = 0; w < starts.Length; w++)
        {
            for (var i = 0; i < starts[w].Count; i++)
            {
                await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{w},{starts[w][i]:F3},{latencies[w][i]:F3}"));
            }
        }
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(sorted.Length * p) - 1, 0, sorted.Length - 1)];

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200];
}
