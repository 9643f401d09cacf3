using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Audit;
using RegistryConsole.Core.Caching;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Secrets;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Core.Reviews;

public sealed class ReviewService(
    IDbContextFactory<RegistryDbContext> dbFactory,
    ISecretProtector protector,
    TimeProvider clock,
    IChangeStampReader? stamps = null) : IReviewService
{
    private readonly IChangeStampReader _stamps = stamps ?? new DatabaseChangeStampReader(dbFactory);

    // A project's settings are read on every call that asks for them (automation polls them); they change with the project row.
    private readonly StampedCache<string, ProjectSettingsDto> _settings = new(capacity: 1_000);

    private static readonly ReviewRequestValidator Validator = new();
    private static readonly ProjectSettingsPatchValidator SettingsValidator = new();

    public async Task<Result<ServerDto>> ReviewAsync(ServerKey key, JsonObject body, int? expectedRevision, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.ReviewServers) is { } forbidden)
        {
            return forbidden;
        }

        var errors = new FieldErrors();
        var request = StrictJson.Read(body, Validator, string.Empty, errors);
        if (request is null)
        {
            return errors.ToError();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        // A decision does not change the revision, so the revision's concurrency check cannot see a second reviewer deciding
        // at the same moment. Reading and saving in one transaction (BEGIN IMMEDIATE on SQLite takes the write lock now; on
        // PostgreSQL the row is locked FOR UPDATE and re-read) makes the later decision wait and then find nothing pending
        // (409) instead of overwriting the first one or failing.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var server = await db.Servers.FindServerAsync(db, actor.ProjectId, key, cancellationToken);
        if (server is null)
        {
            return Error.NotFound($"{key} not found");
        }

        await RowLocks.LockAndReloadAsync(db, server, cancellationToken);

        if (await RefusalAsync(db, server, key, expectedRevision, actor, cancellationToken) is { } refused)
        {
            return refused;
        }

        Decide(db, server, request, actor);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.PreconditionFailed($"{key} was changed meanwhile; review the new revision");
        }

        return ServerDocument.ToDto(server, actor.ProjectName);
    }

    /// <summary>Approves (a new snapshot) or rejects the pending revision, and audits the decision.</summary>
    private void Decide(RegistryDbContext db, RegistryServer server, ReviewRequest request, Actor actor)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var before = ServerReviewRules.AuditDocuments(server, protector);
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        if (request.Decision == ReviewRequest.Approve)
        {
            ServerReviewRules.Approve(db, server, actor, now, note);
        }
        else
        {
            // The authors stay: the rejected content is still the server's until someone changes it.
            server.ReviewStatus = ReviewStatuses.Rejected;
            server.ReviewedBy = actor.Name;
        }

        ServerReviewRules.Record(db, actor, now, $"server.{request.Decision}", server, before, ServerReviewRules.AuditDocuments(server, protector), note);
    }

    /// <summary>Why this actor may not decide on this server now: 412 on another revision, 409 when nothing is pending or it is deleted, 403 for an author.</summary>
    private static async Task<Error?> RefusalAsync(RegistryDbContext db, RegistryServer server, ServerKey key, int? expectedRevision, Actor actor, CancellationToken cancellationToken)
    {
        if (expectedRevision is not null && expectedRevision != server.Revision)
        {
            return Error.PreconditionFailed($"{key} has changed since it was read (revision {server.Revision}); review the new revision");
        }

        if (server.ReviewStatus != ReviewStatuses.Pending)
        {
            return Error.Conflict($"{key} is not pending review (it is {server.ReviewStatus})");
        }

        if (!server.IsActive)
        {
            return Error.Conflict($"{key} is deleted; restore it before reviewing it");
        }

        var policy = await ReviewPolicy.LoadAsync(db, actor.ProjectId, cancellationToken);
        if (policy.RequireDistinctReviewer
            && await ReviewAuthors.RefusalAsync(db, ReviewAuthors.Parse(server.PendingAuthorsJson), actor, cancellationToken) is { } refusal)
        {
            return Error.Forbidden(refusal);
        }

        return null;
    }

    public async Task<Result<Page<ServerDto>>> ListPendingAsync(PageRequest page, Actor actor, CancellationToken cancellationToken = default)
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
        var pending = PendingQuery(db, actor);
        var total = await pending.CountAsync(cancellationToken);
        var rows = await pending.OrderBy(s => s.UpdatedAt).ThenBy(s => s.SavedName).TakePage(page).ToListAsync(cancellationToken);
        return new Page<ServerDto>(rows.Select(r => ServerDocument.ToDto(r, actor.ProjectName)).ToList(), page.Page, page.PerPage, total);
    }

    public async Task<int> CountPendingAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (!actor.Can(Permission.ReadRegistry))
        {
            return 0;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await PendingQuery(db, actor).CountAsync(cancellationToken);
    }

    public async Task<Result<ServerReviewDto>> GetReviewAsync(ServerKey key, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.ReadRegistry) is { } forbidden)
        {
            return forbidden;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var server = await db.Servers.AsNoTracking().FindServerAsync(db, actor.ProjectId, key, cancellationToken);
        if (server is null)
        {
            return Error.NotFound($"{key} not found");
        }

        var snapshot = await RegistryLookup.ServedSnapshotAsync(db, server, cancellationToken);
        var pendingConfig = SecretRules.Masked(server.McpConfig);
        var servedConfig = snapshot is null ? null : SecretRules.Masked(snapshot.McpConfig);
        var policy = await ReviewPolicy.LoadAsync(db, actor.ProjectId, cancellationToken);
        var authors = server.ReviewStatus == ReviewStatuses.Approved ? [] : ReviewAuthors.Parse(server.PendingAuthorsJson);
        var refusal = policy.RequireDistinctReviewer ? await ReviewAuthors.RefusalAsync(db, authors, actor, cancellationToken) : null;
        return new ServerReviewDto
        {
            Server = ServerDocument.ToDto(server, actor.ProjectName),
            Served = snapshot is null ? null : ReviewedView(snapshot.ServerName, snapshot.Description, servedConfig!),
            ServedRevision = snapshot?.Revision,
            Pending = ReviewedView(server.ServerName, server.Description, pendingConfig),
            Findings = ChangeFindings.Review(servedConfig, pendingConfig),
            ChangedKeys = ChangeFindings.ChangedKeys(servedConfig, pendingConfig),
            IsOwnChange = refusal is not null,
            Refusal = refusal,
            Authors = authors.Select(a => a.Name).ToList(),
            ServedApprovedBy = snapshot?.ApprovedBy,
            ServedAuthors = snapshot is null ? [] : ReviewAuthors.Parse(snapshot.AuthorsJson).Select(a => a.Name).ToList(),
        };
    }

    public async Task<Result<ProjectSettingsDto>> GetSettingsAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.Administer) is { } forbidden)
        {
            return forbidden;
        }

        var stamp = await _stamps.ReadAsync(ChangeStamp.Registry, cancellationToken);
        if (!_settings.TryGet(actor.ProjectId, stamp, out var settings))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            settings = SettingsOf(await db.Projects.AsNoTracking().FirstAsync(p => p.Id == actor.ProjectId, cancellationToken));
            _settings.Set(actor.ProjectId, stamp, settings);
        }

        return settings;
    }

    public async Task<Result<ProjectSettingsDto>> ModifySettingsAsync(JsonObject body, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.Administer) is { } forbidden)
        {
            return forbidden;
        }

        var errors = new FieldErrors();
        var patch = StrictJson.Read(body, SettingsValidator, string.Empty, errors);
        if (patch is null)
        {
            return errors.ToError();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var project = await db.Projects.FirstAsync(p => p.Id == actor.ProjectId, cancellationToken);
        var before = SettingsDocument(SettingsOf(project));
        project.RequireApproval = patch.RequireApproval ?? project.RequireApproval;
        project.RequireDistinctReviewer = patch.RequireDistinctReviewer ?? project.RequireDistinctReviewer;
        // An explicit null goes back to the default namespace (local.<project>); an absent key keeps the stored one.
        project.RegistryNamespace = body.ContainsKey("registry_namespace") ? patch.RegistryNamespace : project.RegistryNamespace;
        project.PublicCatalog = patch.PublicCatalog ?? project.PublicCatalog;
        var after = SettingsDocument(SettingsOf(project));
        var changes = AuditLog.Diff(before, after);
        if (changes.Count > 0)
        {
            AuditLog.Record(db, actor, clock.GetUtcNow().UtcDateTime, "settings.modify", AuditEntities.Settings, project.Id, project.Name, changes);
            await db.SaveChangesAsync(cancellationToken);
        }

        return SettingsOf(project);
    }

    private static ProjectSettingsDto SettingsOf(Projects.Project project) =>
        new(project.RequireApproval, project.RequireDistinctReviewer, Interop.RegistryNamespaces.Of(project), project.PublicCatalog);

    private static JsonObject SettingsDocument(ProjectSettingsDto settings) => new()
    {
        ["require_approval"] = settings.RequireApproval,
        ["require_distinct_reviewer"] = settings.RequireDistinctReviewer,
        ["registry_namespace"] = settings.RegistryNamespace,
        ["public_catalog"] = settings.PublicCatalog,
    };

    private static JsonObject ReviewedView(string? serverName, string? description, JsonObject mcpConfig) => new()
    {
        ["server_name"] = serverName,
        ["description"] = description,
        ["mcp_config"] = mcpConfig,
    };

    private static IQueryable<RegistryServer> PendingQuery(RegistryDbContext db, Actor actor) =>
        db.Servers.AsNoTracking()
            .InProject(db, actor.ProjectId)
            .Where(s => s.ReviewStatus == ReviewStatuses.Pending && s.IsActive);
}
