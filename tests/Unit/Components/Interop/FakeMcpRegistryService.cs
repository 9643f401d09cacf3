using System.Text.Json.Nodes;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Interop;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Tests.Unit.Components.Interop;

/// <summary>Import maps with the real <see cref="McpImport"/>; export writes the real client config of a fixed masked server.</summary>
public sealed class FakeMcpRegistryService : IMcpRegistryService
{
    public List<(JsonNode? Input, bool DryRun)> ImportCalls { get; } = [];

    public JsonObject ExportedConfig { get; set; } = new()
    {
        ["config"] = new JsonObject
        {
            ["command"] = "npx",
            ["args"] = new JsonArray("-y", "@modelcontextprotocol/server-github"),
            ["env"] = new JsonObject { ["GITHUB_TOKEN"] = "********", ["LOG_LEVEL"] = "info" },
        },
    };

    public Task<Actor?> AnonymousReaderAsync(CancellationToken cancellationToken = default) => Task.FromResult<Actor?>(null);

    public Task<Result<CatalogPage>> ListAsync(CatalogQuery query, Actor actor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Result<IReadOnlyList<JsonObject>>> ListVersionsAsync(string serverName, Actor actor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Result<JsonObject>> GetVersionAsync(string serverName, string version, Actor actor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Result<JsonObject>> ExportServerAsync(ServerKey key, string format, Actor actor, CancellationToken cancellationToken = default) =>
        Task.FromResult(Result<JsonObject>.Success(ClientConfigExport.Build(format, [new ExportServer(key.SavedName, ExportedConfig)])));

    public Task<Result<JsonObject>> ExportGatewayAsync(GatewayKey key, string format, Actor actor, CancellationToken cancellationToken = default) =>
        Task.FromResult(Result<JsonObject>.Success(ClientConfigExport.Build(format, [new ExportServer("github", ExportedConfig)])));

    public Task<Result<ImportReport>> ImportAsync(JsonNode? input, bool dryRun, Actor actor, CancellationToken cancellationToken = default)
    {
        ImportCalls.Add((input, dryRun));
        var entries = McpImport.Plan(input);
        return Task.FromResult(entries is null
            ? Result<ImportReport>.Failure(Error.Validation("$", "must be " + McpImport.Format))
            : Result<ImportReport>.Success(new ImportReport(entries, [], dryRun, null)));
    }
}
