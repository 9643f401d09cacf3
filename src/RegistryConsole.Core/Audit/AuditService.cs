using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Core.Audit;

public sealed class AuditService(IDbContextFactory<RegistryDbContext> dbFactory, TimeProvider clock) : IAuditService
{
    public const int MaxActorSuggestions = 50;

    public async Task<Result<Page<ServerHistoryEntryDto>>> ServerHistoryAsync(ServerKey key, PageRequest page, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.ReadRegistry) is { } forbidden)
        {
            return forbidden;
        }

        if (PageRequestRules.Check(page) is { } pageError)
        {
            return pageError;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var serverId = await db.Servers.AsNoTracking().InProject(db, actor.ProjectId)
            .Where(s => s.SavedName == key.SavedName && s.ServerVersion == key.ServerVersion)
            .Select(s => s.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (serverId is null)
        {
            return Error.NotFound($"{key} not found");
        }

        var events = db.AuditEvents.AsNoTracking()
            .Where(e => e.ProjectId == actor.ProjectId && e.EntityType == AuditEntities.Server && e.EntityId == serverId);
        var total = await events.CountAsync(cancellationToken);
        var rows = await events.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .TakePage(page).ToListAsync(cancellationToken);
        return new Page<ServerHistoryEntryDto>(
            rows.Select(e => new ServerHistoryEntryDto(e.Revision, e.Action, e.Actor, e.At, e.Changes, e.Note)).ToList(),
            page.Page, page.PerPage, total);
    }

    public async Task<Result<Page<AuditEventDto>>> ListAsync(AuditQuery query, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.ReadRegistry) is { } forbidden)
        {
            return forbidden;
        }

        if (PageRequestRules.Check(new PageRequest(query.Page, query.PerPage)) is { } pageError)
        {
            return pageError;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var events = Filtered(db.AuditEvents.AsNoTracking().Where(e => e.ProjectId == actor.ProjectId), query);
        var total = await events.CountAsync(cancellationToken);
        var rows = await events.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .TakePage(new PageRequest(query.Page, query.PerPage)).ToListAsync(cancellationToken);
        return new Page<AuditEventDto>(rows.Select(ToDto).ToList(), query.Page, query.PerPage, total);
    }

    public async Task RecordSignInFailureAsync(string attemptedEmail, ApplicationUser? user, string outcome, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var projectId = user?.ProjectId ?? await db.Projects.Where(p => p.Name == Projects.Project.DefaultName).Select(p => p.Id).FirstAsync(cancellationToken);
        var email = attemptedEmail.Trim();
        email = email.Length > 256 ? email[..256] : email;
        var actor = new Actor(projectId, string.Empty, "anonymous", "anonymous", Role.Viewer, Channel.Console);
        AuditLog.Record(db, actor, clock.GetUtcNow().UtcDateTime, "user.sign_in_failed", AuditEntities.User, user?.Id ?? "unknown", email, [], note: outcome);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The filters of list-audit-events; the search is a substring of the entity name, case folded as every search is (<see cref="TextFolding"/>).</summary>
    private static IQueryable<AuditEvent> Filtered(IQueryable<AuditEvent> events, AuditQuery query)
    {
        if (!string.IsNullOrWhiteSpace(query.EntityType))
        {
            events = events.Where(e => e.EntityType == query.EntityType);
        }

        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            events = events.Where(e => e.Actor == query.Actor);
        }

        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            events = events.Where(e => e.Action == query.Action);
        }

        if (TextFolding.Term(query.Search) is { } term)
        {
            events = events.Where(e => e.EntityNameFolded.Contains(term));
        }

        if (query.From is { } from)
        {
            events = events.Where(e => e.At >= from);
        }

        if (query.To is { } to)
        {
            events = events.Where(e => e.At <= to);
        }

        return events;
    }

    public async Task<Result<IReadOnlyList<string>>> ListActorsAsync(string? search, int limit, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.ReadRegistry) is { } forbidden)
        {
            return forbidden;
        }

        if (limit is < 1 or > MaxActorSuggestions)
        {
            return Error.Validation("limit", $"must be between 1 and {MaxActorSuggestions}");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var events = db.AuditEvents.AsNoTracking().Where(e => e.ProjectId == actor.ProjectId);
        if (TextFolding.Term(search) is { } term)
        {
            events = events.Where(e => e.ActorFolded.Contains(term));
        }

        var names = await events.Select(e => e.Actor).Distinct().OrderBy(a => a).Take(limit).ToListAsync(cancellationToken);
        return Result<IReadOnlyList<string>>.Success(names);
    }

    private static AuditEventDto ToDto(AuditEvent e) => new()
    {
        Id = e.Id,
        At = e.At,
        Actor = e.Actor,
        Channel = e.Channel,
        Action = e.Action,
        EntityType = e.EntityType,
        EntityId = e.EntityId,
        EntityName = e.EntityName,
        Revision = e.Revision,
        Changes = e.Changes,
        Note = e.Note,
    };
}
