// Measures the queries behind the servers page on a registry of 100,000 servers (issue 4).
// Usage: dotnet run -c Release --project benchmarks/ServerList [-- --servers 100000 --runs 20]
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryConsole.Benchmarks.ServerList;
using RegistryConsole.Core;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Projects;
using RegistryConsole.Core.Servers;

var servers = ArgValue(args, "--servers", 100_000);
var runs = ArgValue(args, "--runs", 20);
var path = Path.Combine(Path.GetTempPath(), $"rc-bench-{Guid.NewGuid():N}.db");
var connectionString = $"Data Source={path}";

var services = new ServiceCollection().AddLogging().AddRegistryCore(_ => connectionString).BuildServiceProvider();
await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
var factory = services.GetRequiredService<IDbContextFactory<RegistryDbContext>>();

var seedWatch = Stopwatch.StartNew();
var actor = await Seeder.SeedAsync(factory, connectionString, servers);
Console.WriteLine($"Seeded {servers:N0} servers in {seedWatch.Elapsed.TotalSeconds:F1} s ({path})");

var serverService = services.GetRequiredService<IServerService>();
var gatewayService = services.GetRequiredService<IGatewayService>();
var cases = new (string Name, ServerListQuery Query)[]
{
    ("first page, sort saved_name asc", new ServerListQuery()),
    ("page 2500 of 40 per page", new ServerListQuery { Page = 2500, PerPage = 40 }),
    ("sort updated_at desc", new ServerListQuery { Sort = "updated_at", Order = "desc" }),
    ("active only", new ServerListQuery { IsActive = true }),
    ("search 'server-09999'", new ServerListQuery { Search = "server-09999" }),
    ("review_status pending", new ServerListQuery { ReviewStatus = "pending" }),
};

Console.WriteLine();
Console.WriteLine($"{"query",-34} {"median ms",10} {"p95 ms",8} {"rows",6} {"total",8}");
foreach (var (name, query) in cases)
{
    var timings = new List<double>();
    Page<ServerDto>? page = null;
    for (var i = 0; i < runs + 2; i++)
    {
        var watch = Stopwatch.StartNew();
        page = (await serverService.ListAsync(query, actor)).Value;
        watch.Stop();
        if (i >= 2)
        {
            timings.Add(watch.Elapsed.TotalMilliseconds);
        }
    }

    Report(name, timings, page!.Items.Count, page.Total);
}

var firstPage = (await serverService.ListAsync(new ServerListQuery(), actor)).Value!;
var keys = firstPage.Items.Select(s => new ServerKey(s.SavedName, s.ServerVersion)).ToList();
var countTimings = new List<double>();
for (var i = 0; i < runs + 2; i++)
{
    var watch = Stopwatch.StartNew();
    await gatewayService.CountByServerAsync(keys, actor);
    if (i >= 2)
    {
        countTimings.Add(watch.Elapsed.TotalMilliseconds);
    }
}

Report("gateway counts for one page", countTimings, keys.Count, keys.Count);

SqliteConnection.ClearAllPools();
File.Delete(path);
File.Delete(path + "-wal");
File.Delete(path + "-shm");

static void Report(string name, List<double> timings, int rows, int total)
{
    timings.Sort();
    var median = timings[timings.Count / 2];
    var p95 = timings[(int)Math.Min(timings.Count - 1, Math.Ceiling(timings.Count * 0.95) - 1)];
    Console.WriteLine($"{name,-34} {median,10:F1} {p95,8:F1} {rows,6} {total,8}");
}

static int ArgValue(string[] args, string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
}
