using System.Text.Json.Nodes;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Tests.Unit.Components;

/// <summary>A hand-written <see cref="IServerService"/>: servers in a list, every call recorded, any result scriptable.</summary>
public sealed class FakeServerService : IServerService
{
    public List<ServerDto> Stored { get; } = [];

    public List<ServerListQuery> ListCalls { get; } = [];

    public List<(ServerKey Key, JsonObject Patch, int? ExpectedRevision)> ModifyCalls { get; } = [];

    public List<JsonObject> AddCalls { get; } = [];

    public List<(JsonObject Body, bool DryRun)> BulkCalls { get; } = [];

    public List<(ServerKey Key, int? ExpectedRevision)> DeleteCalls { get; } = [];

    public List<GatewayUsageDto> Gateways { get; } = [];

    /// <summary>While set and not completed, list calls wait on it (the grid shows its loading state).</summary>
    public TaskCompletionSource? ListGate { get; set; }

    public Error? ListError { get; set; }

    public Exception? ListException { get; set; }

    public Error? GetError { get; set; }

    /// <summary>While set and not completed, get calls wait on it (the page shows its loading state).</summary>
    public TaskCompletionSource? GetGate { get; set; }

    public Func<JsonObject, Result<ServerDto>>? OnAdd { get; set; }

    public Func<ServerKey, JsonObject, int?, Result<ServerDto>>? OnModify { get; set; }

    public Func<JsonObject, bool, Result<BulkAddResult>>? OnBulkAdd { get; set; }

    public Func<ServerKey, int?, Result<ServerDto>>? OnDelete { get; set; }

    public Task<Result<ServerDto>> AddAsync(JsonObject body, Actor actor, CancellationToken cancellationToken = default)
    {
        AddCalls.Add(body);
        return Task.FromResult(OnAdd?.Invoke(body) ?? TestServers.FromBody(body));
    }

    public Task<Result<BulkAddResult>> BulkAddAsync(JsonObject body, bool dryRun, Actor actor, CancellationToken cancellationToken = default)
    {
        BulkCalls.Add((body, dryRun));
        if (OnBulkAdd is not null)
        {
            return Task.FromResult(OnBulkAdd(body, dryRun));
        }

        var servers = ((JsonArray)body["servers"]!).Select(s => TestServers.FromBody((JsonObject)s!)).ToList();
        return Task.FromResult(Result<BulkAddResult>.Success(new BulkAddResult(servers, dryRun)));
    }

    public async Task<Result<IReadOnlyList<ServerDto>>> GetManyAsync(IReadOnlyList<ServerKey> keys, Actor actor, CancellationToken cancellationToken = default)
    {
        var found = new List<ServerDto>();
        foreach (var key in keys)
        {
            if ((await GetAsync(key, actor, cancellationToken)) is { IsSuccess: true } server)
            {
                found.Add(server.Value);
            }
        }

        return found;
    }

    public async Task<Result<ServerDto>> GetAsync(ServerKey key, Actor actor, CancellationToken cancellationToken = default)
    {
        if (GetGate is not null)
        {
            await GetGate.Task.WaitAsync(cancellationToken);
        }

        if (GetError is not null)
        {
            return GetError;
        }

        var server = Find(key);
        return server is null ? Error.NotFound($"{key} not found") : server;
    }

    public Task<Result<ServerDto>> ModifyAsync(ServerKey key, JsonObject patch, int? expectedRevision, Actor actor, CancellationToken cancellationToken = default)
    {
        ModifyCalls.Add((key, patch, expectedRevision));
        if (OnModify is not null)
        {
            return Task.FromResult(OnModify(key, patch, expectedRevision));
        }

        var server = Find(key);
        if (server is null)
        {
            return Task.FromResult(Result<ServerDto>.Failure(Error.NotFound($"{key} not found")));
        }

        var changed = server with
        {
            Revision = server.Revision + 1,
            IsActive = server.IsActive || patch.ContainsKey("is_active"),
            Description = patch.ContainsKey("description") ? (string?)patch["description"] : server.Description,
        };
        Stored[Stored.IndexOf(server)] = changed;
        return Task.FromResult(Result<ServerDto>.Success(changed));
    }

    /// <summary>As Core: a restore is modify-server with <c>"is_active": true</c> (so it is recorded in <see cref="ModifyCalls"/>).</summary>
    public Task<Result<ServerDto>> RestoreAsync(ServerKey key, int? expectedRevision, Actor actor, CancellationToken cancellationToken = default) =>
        ModifyAsync(key, new JsonObject { ["is_active"] = true }, expectedRevision, actor, cancellationToken);

    public Task<Result<ServerDto>> DeleteAsync(ServerKey key, int? expectedRevision, Actor actor, CancellationToken cancellationToken = default)
    {
        DeleteCalls.Add((key, expectedRevision));
        if (OnDelete is not null)
        {
            return Task.FromResult(OnDelete(key, expectedRevision));
        }

        var server = Find(key);
        if (server is null)
        {
            return Task.FromResult(Result<ServerDto>.Failure(Error.NotFound($"{key} not found")));
        }

        var deleted = server with { IsActive = false, Revision = server.Revision + 1 };
        Stored[Stored.IndexOf(server)] = deleted;
        return Task.FromResult(Result<ServerDto>.Success(deleted));
    }

    public async Task<Result<Page<ServerDto>>> ListAsync(ServerListQuery query, Actor actor, CancellationToken cancellationToken = default)
    {
        ListCalls.Add(query);
        if (ListGate is not null)
        {
            await ListGate.Task.WaitAsync(cancellationToken);
        }

        if (ListException is not null)
        {
            throw ListException;
        }

        if (ListError is not null)
        {
            return ListError;
        }

        var matching = Stored
            .Where(s => query.IsActive is null || s.IsActive == query.IsActive)
            .Where(s => query.Search is null || s.SavedName.Contains(query.Search, StringComparison.OrdinalIgnoreCase))
            .Where(s => query.ReviewStatus is null || s.ReviewStatus == query.ReviewStatus)
            .OrderBy(s => s.SavedName, StringComparer.Ordinal)
            .ToList();
        return new Page<ServerDto>(matching.Skip((query.Page - 1) * query.PerPage).Take(query.PerPage).ToList(), query.Page, query.PerPage, matching.Count);
    }

    public Task<Result<Page<GatewayUsageDto>>> ListGatewaysAsync(ServerKey key, PageRequest page, Actor actor, CancellationToken cancellationToken = default) =>
        Task.FromResult(Result<Page<GatewayUsageDto>>.Success(new Page<GatewayUsageDto>(Gateways, page.Page, page.PerPage, Gateways.Count)));

    private ServerDto? Find(ServerKey key) => Stored.FirstOrDefault(s => s.SavedName == key.SavedName && s.ServerVersion == key.ServerVersion);
}
