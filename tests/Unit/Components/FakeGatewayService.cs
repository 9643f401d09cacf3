using System.Text.Json.Nodes;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Secrets;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Tests.Unit.Components;

/// <summary>A hand-written <see cref="IGatewayService"/>: gateways in a list, every call recorded, any result scriptable.</summary>
public sealed class FakeGatewayService : IGatewayService
{
    public List<GatewayDto> Stored { get; } = [];

    /// <summary>Expanded configs by gateway key; a gateway without one expands to no servers.</summary>
    public Dictionary<GatewayKey, GatewayConfigDto> Configs { get; } = [];

    public List<GatewayListQuery> ListCalls { get; } = [];

    public List<JsonObject> AddCalls { get; } = [];

    public List<(GatewayKey Key, JsonObject Patch, int? ExpectedRevision)> ModifyCalls { get; } = [];

    public List<(GatewayKey Key, int? ExpectedRevision)> DeleteCalls { get; } = [];

    /// <summary>While set and not completed, list and get calls wait on it (the page shows its loading state).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public Error? ListError { get; set; }

    public Error? GetError { get; set; }

    public Error? ConfigError { get; set; }

    public Func<JsonObject, Result<GatewayDto>>? OnAdd { get; set; }

    public Func<GatewayKey, JsonObject, int?, Result<GatewayDto>>? OnModify { get; set; }

    public Func<GatewayKey, int?, Result<GatewayDto>>? OnDelete { get; set; }

    public Task<Result<GatewayDto>> AddAsync(JsonObject body, Actor actor, CancellationToken cancellationToken = default)
    {
        AddCalls.Add(body);
        if (OnAdd is not null)
        {
            return Task.FromResult(OnAdd(body));
        }

        var gateway = TestGateways.FromBody(body);
        Stored.Add(gateway);
        return Task.FromResult(Result<GatewayDto>.Success(gateway));
    }

    public async Task<Result<GatewayDto>> GetAsync(GatewayKey key, Actor actor, CancellationToken cancellationToken = default)
    {
        if (Gate is not null)
        {
            await Gate.Task.WaitAsync(cancellationToken);
        }

        if (GetError is not null)
        {
            return GetError;
        }

        var gateway = Find(key);
        return gateway is null ? Error.NotFound($"{key} not found") : gateway;
    }

    public Task<Result<GatewayDto>> ModifyAsync(GatewayKey key, JsonObject patch, int? expectedRevision, Actor actor, CancellationToken cancellationToken = default)
    {
        ModifyCalls.Add((key, (JsonObject)patch.DeepClone(), expectedRevision));
        if (OnModify is not null)
        {
            return Task.FromResult(OnModify(key, patch, expectedRevision));
        }

        var gateway = Find(key);
        if (gateway is null)
        {
            return Task.FromResult(Result<GatewayDto>.Failure(Error.NotFound($"{key} not found")));
        }

        var changed = TestGateways.Apply(gateway, patch);
        Stored[Stored.IndexOf(gateway)] = changed;
        return Task.FromResult(Result<GatewayDto>.Success(changed));
    }

    /// <summary>As Core: a restore is modify-gateway with <c>"is_active": true</c> (so it is recorded in <see cref="ModifyCalls"/>).</summary>
    public Task<Result<GatewayDto>> RestoreAsync(GatewayKey key, int? expectedRevision, Actor actor, CancellationToken cancellationToken = default) =>
        ModifyAsync(key, new JsonObject { ["is_active"] = true }, expectedRevision, actor, cancellationToken);

    public Task<Result<GatewayDto>> DeleteAsync(GatewayKey key, int? expectedRevision, Actor actor, CancellationToken cancellationToken = default)
    {
        DeleteCalls.Add((key, expectedRevision));
        if (OnDelete is not null)
        {
            return Task.FromResult(OnDelete(key, expectedRevision));
        }

        var gateway = Find(key);
        if (gateway is null)
        {
            return Task.FromResult(Result<GatewayDto>.Failure(Error.NotFound($"{key} not found")));
        }

        var deleted = gateway with { IsActive = false, Revision = gateway.Revision + 1 };
        Stored[Stored.IndexOf(gateway)] = deleted;
        return Task.FromResult(Result<GatewayDto>.Success(deleted));
    }

    public async Task<Result<Page<GatewayDto>>> ListAsync(GatewayListQuery query, Actor actor, CancellationToken cancellationToken = default)
    {
        ListCalls.Add(query);
        if (Gate is not null)
        {
            await Gate.Task.WaitAsync(cancellationToken);
        }

        if (ListError is not null)
        {
            return ListError;
        }

        var matching = Stored
            .Where(g => query.IsActive is null || g.IsActive == query.IsActive)
            .Where(g => query.Search is null || g.GatewaySavedName.Contains(query.Search, StringComparison.OrdinalIgnoreCase))
            .OrderBy(g => g.GatewaySavedName, StringComparer.Ordinal)
            .ToList();
        return new Page<GatewayDto>(matching.Skip((query.Page - 1) * query.PerPage).Take(query.PerPage).ToList(), query.Page, query.PerPage, matching.Count);
    }

    public Task<Result<GatewayConfigDto>> GetConfigAsync(GatewayKey key, Actor actor, CancellationToken cancellationToken = default)
    {
        if (ConfigError is not null)
        {
            return Task.FromResult(Result<GatewayConfigDto>.Failure(ConfigError));
        }

        if (Configs.TryGetValue(key, out var config))
        {
            return Task.FromResult(Result<GatewayConfigDto>.Success(config));
        }

        var gateway = Find(key);
        return Task.FromResult(gateway is null
            ? Result<GatewayConfigDto>.Failure(Error.NotFound($"{key} not found"))
            : Result<GatewayConfigDto>.Success(TestGateways.EmptyConfig(gateway)));
    }

    /// <summary>As Core: the config with every served secret masked.</summary>
    public async Task<Result<GatewayConfigDto>> GetMaskedConfigAsync(GatewayKey key, Actor actor, CancellationToken cancellationToken = default)
    {
        var config = await GetConfigAsync(key, actor, cancellationToken);
        return config.IsSuccess ? config.Value with { ExpandedServers = config.Value.ExpandedServers.Select(Masked).ToList() } : config;
    }

    /// <summary>What each gateway (by id) serves for a server, for the server's Gateways tab.</summary>
    public Dictionary<ServerKey, Dictionary<string, ExpandedServerDto>> Expanded { get; } = [];

    public Task<Result<IReadOnlyDictionary<string, ExpandedServerDto>>> ExpandForServerAsync(ServerKey key, Actor actor, CancellationToken cancellationToken = default) =>
        Task.FromResult(Result<IReadOnlyDictionary<string, ExpandedServerDto>>.Success(
            Expanded.TryGetValue(key, out var byGateway) ? byGateway : new Dictionary<string, ExpandedServerDto>()));

    public async Task<Result<IReadOnlyDictionary<string, ExpandedServerDto>>> ExpandForServerMaskedAsync(ServerKey key, Actor actor, CancellationToken cancellationToken = default)
    {
        var expanded = await ExpandForServerAsync(key, actor, cancellationToken);
        return expanded.IsSuccess ? expanded.Value.ToDictionary(e => e.Key, e => Masked(e.Value)) : expanded;
    }

    /// <summary>Gateway counts the servers grid shows; servers not listed count 0.</summary>
    public Dictionary<ServerKey, int> UsageCounts { get; } = [];

    public Task<Result<IReadOnlyDictionary<ServerKey, int>>> CountByServerAsync(IReadOnlyCollection<ServerKey> keys, Actor actor, CancellationToken cancellationToken = default) =>
        Task.FromResult(Result<IReadOnlyDictionary<ServerKey, int>>.Success(keys.Distinct().ToDictionary(k => k, k => UsageCounts.GetValueOrDefault(k))));

    private static ExpandedServerDto Masked(ExpandedServerDto server) => server with { McpConfig = SecretRules.Masked(server.McpConfig) };

    private GatewayDto? Find(GatewayKey key) => Stored.FirstOrDefault(g => g.GatewaySavedName == key.SavedName && g.GatewayVersion == key.Version);
}
