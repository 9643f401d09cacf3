using System.Globalization;
using System.Text;

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
        md.AppendLine(CultureInfo.InvariantCulture, $"- {options.Connections} connections ({options.WriteConnections} for the write scenarios), {options.WarmUp} s warm-up, {options.Seconds} s measured per scenario");
        md.AppendLine(CultureInfo.InvariantCulture, $"- machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; commit `{commit}`; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine("| scenario | req/s | p50 ms | p95 ms | p99 ms | errors | vs healthz | target | result |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var r in results)
        {
            var target = targets.GetValueOrDefault(r.Name);
            var verdict = target is null ? "" : target.Met(r, healthz) ? "PASS" : "FAIL";
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.PerSecond:F0} | {r.P50:F2} | {r.P95:F2} | {r.P99:F2} | {r.Errors} | {100 * r.PerSecond / healthz.PerSecond:F1}% | {target?.Text} | {verdict} |");
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
}
