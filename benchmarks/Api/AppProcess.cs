using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RegistryConsole.Benchmarks.Api;

/// <summary>The published app as its own process on loopback, configured only through configuration (environment).</summary>
internal sealed class AppProcess : IAsyncDisposable
{
    public const string AdminKey = "rck_benchmark_admin_key_0123456789abcdef";
    public const string AdminEmail = "admin@benchmark.local";
    public const string AdminPassword = "Bench-Admin-Passw0rd!";

    private readonly Process _process;

    private AppProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public TimeSpan StartupTime { get; private set; }

    /// <summary>Peak resident set of the app (VmHWM) so far.</summary>
    public long PeakWorkingSet
    {
        get
        {
            _process.Refresh();
            return _process.PeakWorkingSet64;
        }
    }

    /// <summary>CPU time the app has used so far (user and system, every thread).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    private const string AppEnvironmentPrefix = "REGISTRY_BENCH_APP_";

    public static async Task<AppProcess> StartAsync(string appDll, string provider, string connectionString)
    {
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet", [appDll, "--urls", baseUrl])
        {
            WorkingDirectory = Path.GetDirectoryName(appDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Database__Provider"] = provider;
        info.Environment["ConnectionStrings__Registry"] = connectionString;
        info.Environment["Bootstrap__ApiKey"] = AdminKey;
        info.Environment["Bootstrap__AdminEmail"] = AdminEmail;
        info.Environment["Bootstrap__AdminPassword"] = AdminPassword;

        // A throwaway database: its key ring needs no certificate (the seeder, in another process, reads it too).
        info.Environment["DataProtection__AllowUnprotectedKeys"] = "true";

        // The benchmark measures the service, not the per-key limit (1,200 a minute by default) nor the console logger.
        info.Environment["RateLimiting__PermitsPerMinute"] = "1000000000";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__RegistryConsole.Requests"] = "Warning";

        // Experiments: REGISTRY_BENCH_APP_X=v sets X=v for the app only, not for the load generator in this process.
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string name && name.StartsWith(AppEnvironmentPrefix, StringComparison.Ordinal))
            {
                info.Environment[name[AppEnvironmentPrefix.Length..]] = variable.Value as string;
            }
        }

        var watch = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException("The app did not start.");
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, baseUrl);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {process.ExitCode} before it was ready.");
            }

            try
            {
                if ((await client.GetAsync($"{baseUrl}/readyz")).StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            if (watch.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new TimeoutException("The app was not ready within 3 minutes.");
            }

            await Task.Delay(10);
        }

        app.StartupTime = watch.Elapsed;
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void Forward(string? line)
    {
        if (!string.IsNullOrEmpty(line) && !line.Contains("No XML encryptor configured", StringComparison.Ordinal) && !line.Contains("XmlKeyManager", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"  [app] {line}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
