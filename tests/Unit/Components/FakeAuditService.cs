using System.Text.Json.Nodes;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Audit;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Tests.Unit.Components;

/// <summary>A hand-written <see cref="IAuditService"/>: events in lists, every query recorded.</summary>
public sealed class FakeAuditService : IAuditService
{
    public List<AuditEventDto> Events { get; } = [];

    public List<ServerHistoryEntryDto> History { get; } = [];

    public List<AuditQuery> ListCalls { get; } = [];

    public List<(ServerKey Key, PageRequest Page)> HistoryCalls { get; } = [];

    public TaskCompletionSource? Gate { get; set; }

    public Error? ListError { get; set; }

    public Error? HistoryError { get; set; }

    public async Task<Result<Page<ServerHistoryEntryDto>>> ServerHistoryAsync(ServerKey key, PageRequest page, Actor actor, CancellationToken cancellationToken = default)
    {
        HistoryCalls.Add((key, page));
        if (Gate is not null)
        {
            await Gate.Task.WaitAsync(cancellationToken);
        }

        if (HistoryError is not null)
        {
            return HistoryError;
        }

        return new Page<ServerHistoryEntryDto>(History.Skip((page.Page - 1) * page.PerPage).Take(page.PerPage).ToList(), page.Page, page.PerPage, History.Count);
    }

    public async Task<Result<Page<AuditEventDto>>> ListAsync(AuditQuery query, Actor actor, CancellationToken cancellationToken = default)
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

        var matching = Events
            .Where(e => query.EntityType is null || e.EntityType == query.EntityType)
            .Where(e => query.Actor is null || e.Actor == query.Actor)
            .Where(e => query.Action is null || e.Action == query.Action)
            .ToList();
        return new Page<AuditEventDto>(matching.Skip((query.Page - 1) * query.PerPage).Take(query.PerPage).ToList(), query.Page, query.PerPage, matching.Count);
    }

    public List<string?> ActorSearches { get; } = [];

    public Task<Result<IReadOnlyList<string>>> ListActorsAsync(string? search, int limit, Actor actor, CancellationToken cancellationToken = default)
    {
        ActorSearches.Add(search);
        IReadOnlyList<string> names = [.. Events.Select(e => e.Actor)
            .Where(a => string.IsNullOrWhiteSpace(search) || a.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase))
            .Distinct().Order(StringComparer.Ordinal).Take(limit)];
        return Task.FromResult(Result<IReadOnlyList<string>>.Success(names));
    }

    public Task RecordSignInFailureAsync(string attemptedEmail, ApplicationUser? user, string outcome, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;

    public static JsonArray Changes(params (string Path, JsonNode? Before, JsonNode? After)[] changes) =>
        new(changes.Select(c => (JsonNode)new JsonObject { ["path"] = c.Path, ["before"] = c.Before, ["after"] = c.After }).ToArray());
}
