// The API load benchmark (issue 9). Publishes the app (Release), measures start-up on an empty database, seeds N servers and
// 200 gateways through the Core services, then drives 32 connections per scenario and prints (and writes) the table.
// Usage: dotnet run -c Release --project benchmarks/Api -- --servers 100000 --seconds 15
//        [--connections 32] [--write-connections 32] [--warmup 10] [--tier-up 15] [--provider sqlite|postgres] [--postgres "Host=...;Username=..."]
//        [--no-browser] [--no-docs] [--app-dir DIR] [--keep-db] [--only "get-server,no-op"] (healthz always runs)
//        [--seeded FILE] (SQLite: start from a copy of a database kept by an earlier --keep-db run; no seeding, docs not written)
//        [--timeline DIR] (each measured request's start and latency, one CSV per scenario: where a tail comes from, docs/performance.md)
// PostgreSQL: a fresh database is created on the server named by --postgres (or REGISTRY_BENCH_POSTGRES) and dropped after.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Playwright;
using RegistryConsole.Benchmarks.Api;

var options = Options.Parse(args);
if (options.Provider is not ("sqlite" or "postgres") || (options.Provider == "postgres" && string.IsNullOrEmpty(options.PostgresServer)))
{
    Console.Error.WriteLine("--provider must be sqlite or postgres; postgres needs --postgres \"Host=...;Port=...;Username=...\" (or REGISTRY_BENCH_POSTGRES).");
    return 2;
}

var root = RepoRoot();
var appDll = await PublishAsync(root, options.AppDir);
await using var database = await BenchDatabase.CreateAsync(options);
var connectionString = database.ConnectionString;

// 1. Start-up to ready on an empty database (the app migrates it and bootstraps the project, admin key and console user):
// the median of three starts, each on a database of its own, the last on this run's. One start varies by more than a
// second on this machine (3.8 s in a full run, then 2.3–2.6 s in six starts of the same build; docs/performance.md).
const int StartupRuns = 3;
var starts = new List<TimeSpan>();
for (var i = 0; i < StartupRuns; i++)
{
    await using var throwaway = i < StartupRuns - 1 ? await BenchDatabase.CreateAsync(options with { KeepDb = false }) : null;
    await using var empty = await AppProcess.StartAsync(appDll, options.Provider, throwaway?.ConnectionString ?? connectionString);
    starts.Add(empty.StartupTime);
}

var startup = starts.Order().ElementAt(StartupRuns / 2);
Console.WriteLine($"Start-up to ready on an empty database: {startup.TotalMilliseconds:F0} ms (median of {string.Join(" / ", starts.Select(t => $"{t.TotalMilliseconds:F0}"))} ms)");

// 2. Seed with the app stopped (one writer), through the Core services, or start from a copy of a kept seeded file.
var seedWatch = Stopwatch.StartNew();
var viewerKey = options.Seeded is null
    ? await Seeder.SeedAsync(database.Settings, options.Servers)
    : await database.CopySeededAsync(options.Seeded);
Console.WriteLine($"Seeded {options.Servers:N0} servers and {Seeder.Gateways} gateways in {seedWatch.Elapsed.TotalSeconds:F1} s");
if (options.KeepDb && options.Seeded is null)
{
    await database.SaveViewerKeyAsync(viewerKey);
}

// 3. Load.
var results = new List<Result>();
string? browserNote = null;
double? pageInteractive = null;
long peak;
await using (var app = await AppProcess.StartAsync(appDll, options.Provider, connectionString))
{
    using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false };
    using var client = new HttpClient(handler) { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
    var scenarios = Scenarios.All(options.Servers, viewerKey)
        .Where(s => s.Name == Scenarios.Healthz || options.Only.Count == 0 || options.Only.Any(o => s.Name.Contains(o, StringComparison.OrdinalIgnoreCase)));
    foreach (var scenario in scenarios)
    {
        var connections = scenario.IsWrite ? options.WriteConnections : options.Connections;
        if (scenario.IsWrite && options.TierUp > 0)
        {
            // Not measured: a write path's methods compiled at full tier before the 32 connections come (see Options.TierUp).
            // Its own workers (numbered from Options.TierUpWorkers) add and change servers no measured worker touches at the same time.
            await Load.RunAsync(client, scenario with { Request = (w, n) => scenario.Request(Options.TierUpWorkers + w, n) }, Options.TierUpConnections,
                TimeSpan.Zero, TimeSpan.FromSeconds(options.TierUp), () => app.CpuTime);
        }

        var result = await Load.RunAsync(client, scenario, connections, TimeSpan.FromSeconds(options.WarmUp), TimeSpan.FromSeconds(options.Seconds), () => app.CpuTime, options.Timeline);
        results.Add(result);
        Console.WriteLine($"{result.Name,-42} {result.PerSecond,10:F0} req/s  p50 {result.P50,8:F2}  p95 {result.P95,8:F2}  p99 {result.P99,8:F2} ms  cpu {result.AppCpuMs,6:F3} ms/req  errors {result.Errors}{(result.FirstError is null ? "" : $" (first: {result.FirstError})")}  peak {app.PeakWorkingSet / 1024 / 1024} MB");
    }

    if (options.Browser)
    {
        try
        {
            (pageInteractive, browserNote) = await ServersPage.MeasureAsync(app.BaseUrl);
        }
        catch (PlaywrightException ex)
        {
            browserNote = $"not measured: {ex.Message.Split('\n')[0]}";
        }

        Console.WriteLine(browserNote ?? $"servers page interactive: {pageInteractive:F0} ms");
    }
    else
    {
        browserNote = "not measured (--no-browser)";
    }

    peak = app.PeakWorkingSet;
}

var dbSize = await database.SizeAsync();
var report = Report.Build(options, results, startup, peak, dbSize, pageInteractive, browserNote, Commit(root));
Console.WriteLine();
Console.WriteLine(report);
if (options.WriteDocs)
{
    await Report.WriteDocsAsync(Path.Combine(root, "docs"), options, report, results);
    Console.WriteLine("Written to docs/benchmarks.md");
}

var errors = results.Sum(r => r.Errors);
Console.WriteLine(errors == 0 ? "No request failed." : $"{errors} request(s) failed.");
return errors == 0 ? 0 : 1;

static string RepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RegistryConsole.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("RegistryConsole.sln not found above the benchmark.");
}

static async Task<string> PublishAsync(string root, string? appDir)
{
    var output = appDir ?? Path.Combine(root, "benchmarks", "Api", "bin", "app");
    if (appDir is null)
    {
        // As production publishes it (README, "Production deployment"): for this machine's runtime, so ReadyToRun.
        Console.WriteLine($"Publishing the app (Release, {RuntimeInformation.RuntimeIdentifier}, ReadyToRun)...");
        var publish = Process.Start(new ProcessStartInfo("dotnet", ["publish", Path.Combine(root, "src", "RegistryConsole", "RegistryConsole.csproj"), "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained", "false", "-o", output, "--nologo", "-v", "q"])
        {
            UseShellExecute = false,
        })!;
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet publish failed.");
        }
    }

    return Path.Combine(output, "RegistryConsole.dll");
}

static string Commit(string root)
{
    try
    {
        var git = Process.Start(new ProcessStartInfo("git", ["-C", root, "describe", "--always", "--dirty"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var text = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return string.IsNullOrEmpty(text) ? "unknown" : text;
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return "unknown";
    }
}

/// <param name="TierUp">Seconds each write scenario first runs at <see cref="TierUpConnections"/>, unmeasured, before its
/// warm-up. Under 32 writers on 2 cores the JIT's background thread gets little of the CPU: a write path's methods kept
/// being compiled again at full tier for 20 s (SQLite) to 45 s (PostgreSQL) of full load, at a third to a half of the
/// steady rate, and PostgreSQL's write scenarios were still climbing after the 10 s warm-up. At 2 connections the same
/// compiles finish within this phase (docs/performance.md, round 14).</param>
internal sealed record Options(int Servers, int Seconds, int Connections, int WriteConnections, int WarmUp, int TierUp, string Provider, bool Browser, bool WriteDocs, string? AppDir, bool KeepDb, string? PostgresServer, IReadOnlyList<string> Only, string? Seeded, string? Timeline)
{
    /// <summary>Connections of the tier-up phase: few enough to leave the JIT's thread a core.</summary>
    public const int TierUpConnections = 2;

    /// <summary>The tier-up phase's first worker number: its servers' names never meet the measured workers'.</summary>
    public const int TierUpWorkers = 10_000;

    public static Options Parse(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        int Int(string name, int fallback) => int.TryParse(Value(name), CultureInfo.InvariantCulture, out var v) ? v : fallback;
        var seconds = Int("--seconds", 15);
        var connections = Int("--connections", 32);
        return new Options(
            Int("--servers", 100_000),
            seconds,
            connections,
            Math.Min(connections, Int("--write-connections", connections)),
            // Long enough for the JIT to finish tiering up a read scenario's code (10 s for a 15 s scenario; docs/performance.md,
            // round 9); a write scenario's own methods are compiled in its tier-up phase before it (round 14).
            Int("--warmup", Math.Clamp(seconds * 2 / 3, 1, 10)),
            Int("--tier-up", Math.Min(seconds, 15)),
            (Value("--provider") ?? "sqlite").ToLowerInvariant(),
            !args.Contains("--no-browser"),
            !args.Contains("--no-docs") && !args.Contains("--only") && !args.Contains("--seeded"),
            Value("--app-dir"),
            args.Contains("--keep-db"),
            Value("--postgres") ?? Environment.GetEnvironmentVariable("REGISTRY_BENCH_POSTGRES"),
            (Value("--only") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Value("--seeded"),
            Value("--timeline"));
    }
}
