using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RegistryConsole.Benchmarks.Api;

internal static class Report
{
    public static string Build(Options options, List<Result> results, TimeSpan startup, long peakWorkingSet, long dbSize, double? pageMs, string? pageNote, string commit)
    {
        var healthz = results.First(r => r.Name == Scenarios.Healthz);
        var targets = Scenarios.All(options.Servers, "unused").ToDictionary(s => s.Name, s => s.Target);
        var md = new StringBuilder();
        md.AppendLine("# API benchmark").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project benchmarks/Api -- --servers {options.Servers} --seconds {options.Seconds}` (written by the benchmark; see docs/performance.md for what was changed and why).").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- {options.Servers:N0} servers, {Seeder.Gateways} gateways of {Seeder.ServersPerGateway} servers (server 0 in all); provider {options.Provider}; published Release build on loopback");
        md.AppendLine(CultureInfo.InvariantCulture, $"- {options.Connections} connections ({options.WriteConnections} for the write scenarios), {options.WarmUp} s warm-up, {options.Seconds} s measured per scenario{(options.TierUp > 0 ? $"; each write scenario first ran {options.TierUp} s at {Options.TierUpConnections} connections, unmeasured (the JIT's tier-up)" : string.Empty)}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; commit `{commit}`; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine("| scenario | req/s | p50 ms | p95 ms | p99 ms | errors | app CPU ms/req | vs healthz | target | result |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var r in results)
        {
            var target = targets.GetValueOrDefault(r.Name);
            var verdict = target is null ? "" : target.Met(r, healthz) ? "PASS" : "FAIL";
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.PerSecond:F0} | {r.P50:F2} | {r.P95:F2} | {r.P99:F2} | {r.Errors} | {r.AppCpuMs:F3} | {100 * r.PerSecond / healthz.PerSecond:F1}% | {target?.Text} | {verdict} |");
        }

        md.AppendLine();
        md.AppendLine("| measure | value | target | result |");
        md.AppendLine("|---|---:|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| start-up to ready, empty database | {startup.TotalMilliseconds:F0} ms | ≤ 3 s | {(startup.TotalSeconds <= 3 ? "PASS" : "FAIL")} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| peak working set | {peakWorkingSet / 1024.0 / 1024.0:F0} MB | ≤ 500 MB | {(peakWorkingSet <= 500L * 1024 * 1024 ? "PASS" : "FAIL")} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| database size (file + WAL) | {dbSize / 1024.0 / 1024.0:F0} MB | | |");
        md.AppendLine(pageMs is { } ms
            ? string.Create(CultureInfo.InvariantCulture, $"| servers page interactive (Chromium, median of 5) | {ms:F0} ms | ≤ 2 s | {(ms <= ServersPage.TargetMs ? "PASS" : "FAIL")} |")
            : $"| servers page interactive | {pageNote} | ≤ 2 s | |");
        var firstErrors = results.Where(r => r.FirstError is not null).ToList();
        if (firstErrors.Count > 0)
        {
            md.AppendLine().AppendLine("First error per scenario:").AppendLine();
            foreach (var r in firstErrors)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {r.Name}: `{r.FirstError!.ReplaceLineEndings(" ")}`");
            }
        }

        return md.ToString();
    }

    /// <summary>
    /// Keeps each provider's latest report and results under docs/benchmarks/, and rebuilds docs/benchmarks.md from them:
    /// the providers side by side first, then each provider's full report.
    /// </summary>
    public static async Task WriteDocsAsync(string docs, Options options, string report, List<Result> results)
    {
        var dir = Directory.CreateDirectory(Path.Combine(docs, "benchmarks")).FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, $"report-{options.Provider}.md"), report);
        await File.WriteAllTextAsync(Path.Combine(dir, $"results-{options.Provider}.json"), JsonSerializer.Serialize(results));

        string[] providers = ["sqlite", "postgres"];
        var runs = providers
            .Where(p => File.Exists(Path.Combine(dir, $"results-{p}.json")))
            .ToDictionary(p => p, p => JsonSerializer.Deserialize<List<Result>>(File.ReadAllText(Path.Combine(dir, $"results-{p}.json")))!);
        var md = new StringBuilder("# API benchmarks: SQLite and PostgreSQL\n\n");
        md.AppendLine("Written by `benchmarks/Api` (`--provider sqlite` and `--provider postgres`); each provider's full report, with targets, follows the comparison. What was changed for speed and why: [performance.md](performance.md).").AppendLine();
        md.Append("| scenario |");
        foreach (var p in runs.Keys)
        {
            md.Append(CultureInfo.InvariantCulture, $" {p} req/s | {p} p95 ms | {p} vs healthz |");
        }

        md.AppendLine().Append("|---|").AppendLine(string.Concat(Enumerable.Repeat("---:|---:|---:|", runs.Count)));
        foreach (var name in runs.Values.First().Select(r => r.Name))
        {
            md.Append(CultureInfo.InvariantCulture, $"| {name} |");
            foreach (var run in runs.Values)
            {
                var r = run.FirstOrDefault(x => x.Name == name);
                var healthz = run.First(x => x.Name == Scenarios.Healthz);
                md.Append(r is null ? " | | |" : string.Create(CultureInfo.InvariantCulture, $" {r.PerSecond:F0} | {r.P95:F2} | {100 * r.PerSecond / healthz.PerSecond:F1}% |"));
            }

            md.AppendLine();
        }

        foreach (var p in runs.Keys)
        {
            var section = await File.ReadAllTextAsync(Path.Combine(dir, $"report-{p}.md"));
            md.AppendLine().AppendLine(section.Replace("# API benchmark", $"## {(p == "sqlite" ? "SQLite" : "PostgreSQL")}", StringComparison.Ordinal));
        }

        await File.WriteAllTextAsync(Path.Combine(docs, "benchmarks.md"), md.ToString());
    }
}
