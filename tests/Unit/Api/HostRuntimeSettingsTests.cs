using System.Text.Json.Nodes;

namespace RegistryConsole.Tests.Unit.Api;

/// <summary>The runtime settings the host is built with, read from the runtimeconfig.json the build writes beside it.</summary>
public sealed class HostRuntimeSettingsTests
{
    private static JsonObject ConfigProperties()
    {
        var host = typeof(Program).Assembly.Location;
        var path = Path.Combine(Path.GetDirectoryName(host)!, Path.GetFileNameWithoutExtension(host) + ".runtimeconfig.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        return config["runtimeOptions"]!["configProperties"]!.AsObject();
    }

    [Fact]
    public void Host_RunsWorkstationConcurrentGc_NotTheWebSdksServerGc()
    {
        // Server GC held 100-200 MB more at peak under the benchmark's load for no throughput gain (docs/performance.md).
        var properties = ConfigProperties();

        Assert.False(properties["System.GC.Server"]!.GetValue<bool>());
        Assert.True(properties["System.GC.Concurrent"]!.GetValue<bool>());
    }
}
