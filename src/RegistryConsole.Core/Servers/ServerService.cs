using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Caching;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Reviews;
using RegistryConsole.Core.Secrets;

namespace RegistryConsole.Core.Servers;

public sealed class ServerService(
    IDbContextFactory<RegistryDbContext> dbFactory,
    ISecretProtector protector,
    TimeProvider clock,
    IServerSearch? search = null,
    IChangeStampReader? stamps = null,
    IServerReader? reader = null) : IServerService, IDisposable
{
    private readonly IServerReader _reader = reader ?? new EfServerReader(dbFactory);

    private readonly IChangeStampReader _stamps = stamps ?? new DatabaseChangeStampReader(dbFactory);

    public const int MaxBulk = 100;

    private readonly IServerSearch _search = search ?? new ScanServerSearch();

    // list-servers totals per registry and filter, valid while the registry stamp is unchanged.
    private readonly StampedCache<CountKey, int> _counts = new(capacity: 10_000);

    // Bulk batches being materialised at once (BulkAddAsync): half the cores, so requests of every other kind keep the rest.
    private readonly SemaphoreSlim _batches = new(Math.Max(1, Environment.ProcessorCount / 2));

    // Where deep pages start, so a repeated or next deep page seeks instead of walking an OFFSET; on SQLite, pages in
    // name order are read by statements prepared once per connection.
    private readonly ServerPages _pages = new(reader as IPreparedServerPages);

    // The projects' registries, once they exist (list-servers).
    private readonly KnownRegistries _registries = new();

    private sealed record CountKey(string RegistryId, bool? IsActive, string? ReviewStatus, string? Term);

    public void Dispose() => _batches.Dispose();

    public async Task<Result<ServerDto>> AddAsync(JsonObject body, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.WriteRegistry) is { } forbidden)
        {
            return forbidden;
        }

        var errors = new FieldErrors();
        var typed = ServerDocument.Read(body, string.Empty, errors);
        if (typed is null)
        {
            return errors.ToError();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = KeyOf(typed);
        var target = await _reader.FindNewServerTargetAsync(db, actor.ProjectId, key, cancellationToken);
        if (target is { Taken: true })
        {
            return Error.Conflict($"{key} already exists");
        }

        var registryId = target?.RegistryId ?? (await RegistryLookup.GetOrCreateAsync(db, actor.ProjectId, clock, cancellationToken)).Id;
        var policy = target?.Policy ?? ReviewPolicy.Strictest;
        var server = NewServer(registryId, typed, body, actor);
        db.Servers.Add(server);
        RecordCreated(db, server, policy, actor);
        if (!await TrySaveNewAsync(db, [server], cancellationToken))
        {
            return Error.Conflict($"{key} already exists");
        }

        return ServerDocument.ToDto(server, actor.ProjectName);
    }

    public Task<Result<BulkAddResult>> BulkAddAsync(JsonObject body, bool dryRun, Actor actor, CancellationToken cancellationToken = default) =>
        BulkAddAsync(body, dryRun, alwaysPending: false, actor, cancellationToken);

    /// <summary>
    /// The one bulk add; <paramref name="alwaysPending"/> leaves every server pending review whatever the project's policy
    /// (imports). Problems name each item by its path in <paramref name="itemPaths"/> when given (an import names the
    /// entry it read, e.g. <c>mcpServers.github</c>), else <c>servers[i]</c>.
    /// </summary>
    /// <remarks>
    /// At most one batch per two cores is read, encrypted and saved at a time; the others wait here holding only their
    /// request body. Materialising a batch is CPU work (more at once gains nothing but memory) and SQLite saves one at a
    /// time anyway: 32 concurrent bulk-adds used to hold 32 materialised batches while they queued for the writer (docs/performance.md).
    /// </remarks>
    internal async Task<Result<BulkAddResult>> BulkAddAsync(JsonObject body, bool dryRun, bool alwaysPending, Actor actor, CancellationToken cancellationToken, IReadOnlyList<string>? itemPaths = null)
    {
        if (actor.Require(Permission.WriteRegistry) is { } forbidden)
        {
            return forbidden;
        }

        await _batches.WaitAsync(cancellationToken);
        try
        {
            return await BulkAddBatchAsync(body, dryRun, alwaysPending, itemPaths, actor, cancellationToken);
        }
        finally
        {
            _batches.Release();
        }
    }

    private async Task<Result<BulkAddResult>> BulkAddBatchAsync(JsonObject body, bool dryRun, bool alwaysPending, IReadOnlyList<string>? itemPaths, Actor actor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var parsed = ReadBatch(body, itemPaths, errors);
        if (parsed is null)
        {
            return errors.ToError();
        }

        if (!errors.IsEmpty)
        {
            return errors.ToError($"Nothing was stored: {errors.ToDictionary().Count} problem(s) in the batch");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var registry = dryRun
            ? await RegistryLookup.FindAsync(db, actor.ProjectId, cancellationToken)
            : await RegistryLookup.GetOrCreateAsync(db, actor.ProjectId, clock, cancellationToken);
        if (registry is not null && await FindClashesAsync(db, registry.Id, parsed, cancellationToken) is { } clashes)
        {
            return clashes;
        }

        var servers = parsed.Select(p => NewServer(registry?.Id ?? string.Empty, p.Typed, p.Body, actor)).ToList();
        if (!dryRun)
        {
            // One SaveChanges is one transaction: all rows and their audit events land, or none do.
            var policy = await ReviewPolicy.LoadAsync(db, actor.ProjectId, cancellationToken);
            policy = alwaysPending ? policy with { RequireApproval = true } : policy;
            db.Servers.AddRange(servers);
            foreach (var server in servers)
            {
                RecordCreated(db, server, policy, actor);
            }

            if (!await TrySaveNewAsync(db, servers, cancellationToken))
            {
                return Error.Conflict("Nothing was stored: a server of this batch was added meanwhile");
            }
        }

        return new BulkAddResult(servers.Select(s => ServerDocument.ToDto(s, actor.ProjectName)).ToList(), dryRun);
    }

    public async Task<Result<ServerDto>> GetAsync(ServerKey key, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.ReadServer) is { } forbidden)
        {
            return forbidden;
        }

        var server = await _reader.FindAsync(actor.ProjectId, key, cancellationToken);
        if (server is null)
        {
            return NotFound(key);
        }

        if (actor.Can(Permission.ReadRegistry))
        {
            return ServerDocument.ToDto(server, actor.ProjectName);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        // A caller that may read a server but not the registry is a gateway runtime: it gets what may run (API.md §3).
        var snapshot = server.IsActive ? await RegistryLookup.ServedSnapshotAsync(db, server, cancellationToken) : null;
        return ServerDocument.ToServedDto(server, snapshot, actor.ProjectName, actor.Can(Permission.RevealSecrets) ? protector : null);
    }

    public async Task<Result<IReadOnlyList<ServerDto>>> GetManyAsync(IReadOnlyList<ServerKey> keys, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.ReadRegistry) is { } forbidden)
        {
            return forbidden;
        }

        if (keys.Count > PageRequestRules.MaxPerPage)
        {
            return Error.Validation("keys", $"must name at most {PageRequestRules.MaxPerPage} servers");
        }

        // One seek per name on the (registry, saved_name, version) index; the versions are matched here.
        var names = keys.Select(k => k.SavedName).Distinct(StringComparer.Ordinal).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Servers.AsNoTracking().InProject(db, actor.ProjectId).Where(s => names.Contains(s.SavedName)).ToListAsync(cancellationToken);
        var byKey = rows.ToDictionary(r => new ServerKey(r.SavedName, r.ServerVersion));
        return keys.Distinct().Where(byKey.ContainsKey).Select(k => ServerDocument.ToDto(byKey[k], actor.ProjectName)).ToList();
    }

    public async Task<Result<ServerDto>> ModifyAsync(ServerKey key, JsonObject patch, int? expectedRevision, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.WriteRegistry) is { } forbidden)
        {
            return forbidden;
        }

        var errors = new FieldErrors();
        var (changes, restore) = ServerPatch.Read(key, patch, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToError();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await _reader.FindServerForChangeAsync(db, actor.ProjectId, key, cancellationToken) is not ({ } server, { } policy))
        {
            return NotFound(key);
        }

        if (Lifecycle.CheckModify(server, expectedRevision, key, restore) is { } refused)
        {
            return refused;
        }

        // "is_active": true on a server that is active restores nothing: it must not bump the revision or write an empty audit event.
        restore &= !server.IsActive;
        var current = ServerDocument.ToPlainBody(server, protector);
        var merged = ServerPatch.Apply(current, changes);
        var typed = CheckMerged(current, merged, changes, errors);
        if (typed is null)
        {
            return errors.ToError();
        }

        var contentChanged = !JsonNode.DeepEquals(current, merged);
        if (!contentChanged && !restore)
        {
            return ServerDocument.ToDto(server, actor.ProjectName);
        }

        var change = new ServerChange(current, contentChanged ? merged : null, typed, restore);
        return await SaveModifiedAsync(db, server, key, change, policy, actor, cancellationToken) ?? (Result<ServerDto>)ServerDocument.ToDto(server, actor.ProjectName);
    }

    /// <summary>Restores a deleted server (the same as modify-server with <c>"is_active": true</c>); an active one is returned unchanged.</summary>
    public Task<Result<ServerDto>> RestoreAsync(ServerKey key, int? expectedRevision, Actor actor, CancellationToken cancellationToken = default) =>
        ModifyAsync(key, new JsonObject { [ServerPatch.IsActive] = true }, expectedRevision, actor, cancellationToken);

    public async Task<Result<ServerDto>> DeleteAsync(ServerKey key, int? expectedRevision, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.WriteRegistry) is { } forbidden)
        {
            return forbidden;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var server = await db.Servers.FindServerAsync(db, actor.ProjectId, key, cancellationToken);
        if (server is null)
        {
            return NotFound(key);
        }

        var before = ServerReviewRules.AuditDocuments(server, protector);
        if (Lifecycle.SoftDelete(server, expectedRevision, key, actor, clock.GetUtcNow().UtcDateTime) is { } refused)
        {
            return refused;
        }

        ServerReviewRules.Record(db, actor, server.UpdatedAt, "server.delete", server, before, ServerReviewRules.AuditDocuments(server, protector));
        return await Lifecycle.SaveAsync(db, key, lastUse: true, cancellationToken) is { } conflict ? conflict : ServerDocument.ToDto(server, actor.ProjectName);
    }

    public async Task<Result<Page<ServerDto>>> ListAsync(ServerListQuery query, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.ReadRegistry) is { } forbidden)
        {
            return forbidden;
        }

        if (CheckListQuery(query) is { } invalid)
        {
            return invalid;
        }

        var stamp = await _stamps.ReadAsync(ChangeStamp.Registry, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var registry = await _registries.FindAsync(db, actor.ProjectId, cancellationToken);
        if (registry is null)
        {
            return new Page<ServerDto>([], query.Page, query.PerPage, 0);
        }

        // Both sides are folded by .NET (SearchText on every write), so "über" finds "Über" too.
        var term = TextFolding.Term(query.Search);
        var servers = ServerPages.Filter(term is null ? db.Servers.AsNoTracking() : _search.Matching(db, term), registry.Id, query.IsActive, query.ReviewStatus);

        var countKey = new CountKey(registry.Id, query.IsActive, query.ReviewStatus, term);
        if (!_counts.TryGet(countKey, stamp, out var total))
        {
            total = await servers.CountAsync(cancellationToken);
            _counts.Set(countKey, stamp, total);
        }

        var listKey = new ServerPages.ListKey(registry.Id, query.IsActive, query.ReviewStatus, term, query.Sort, query.Order == "desc");
        var rows = await _pages.ReadAsync(servers, listKey, new PageRequest(query.Page, query.PerPage), stamp, cancellationToken);
        return new Page<ServerDto>(rows.Select(r => ServerDocument.ToDto(r, actor.ProjectName)).ToList(), query.Page, query.PerPage, total);
    }

    public async Task<Result<Page<GatewayUsageDto>>> ListGatewaysAsync(ServerKey key, PageRequest page, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.ReadRegistry) is { } forbidden)
        {
            return forbidden;
        }

        if (PageRequestRules.Check(page) is { } pageError)
        {
            return pageError;
        }

        var server = await _reader.FindAsync(actor.ProjectId, key, cancellationToken);
        if (server is null)
        {
            return NotFound(key);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var total = await GatewayUsages.CountAsync(db, server.Id, cancellationToken);
        if (page.Skip > int.MaxValue)
        {
            return new Page<GatewayUsageDto>([], page.Page, page.PerPage, total);
        }

        var items = (_reader is IPreparedGatewayUsages prepared ? await prepared.ReadUsagesAsync(server.Id, (int)page.Skip, page.PerPage, cancellationToken) : null)
            ?? await GatewayUsages.PageAsync(db, server.Id, (int)page.Skip, page.PerPage, cancellationToken);
        return new Page<GatewayUsageDto>(items, page.Page, page.PerPage, total);
    }

    private sealed record BatchItem(ServerBody Typed, JsonObject Body, ServerKey Key, string Path);

    /// <summary>Reads a bulk-add body: every item checked as an add-server body, a server twice is an error; null when it holds no batch at all.</summary>
    private static List<BatchItem>? ReadBatch(JsonObject body, IReadOnlyList<string>? itemPaths, FieldErrors errors)
    {
        foreach (var (key, _) in body.Where(p => p.Key != "servers"))
        {
            errors.Add(key, "unknown field");
        }

        if (body["servers"] is not JsonArray items || items.Count is 0 or > MaxBulk)
        {
            errors.Add("servers", body["servers"] is JsonArray array
                ? $"must hold 1 to {MaxBulk} servers (got {array.Count})"
                : "is required: an array of 1 to 100 add-server bodies");
            return null;
        }

        var parsed = new List<BatchItem>();
        var firstPathOf = new Dictionary<ServerKey, string>();
        for (var i = 0; i < items.Count; i++)
        {
            var prefix = itemPaths is not null && i < itemPaths.Count ? itemPaths[i] : JsonPath.Index("servers", i);
            if (items[i] is not JsonObject item)
            {
                errors.Add(prefix, "must be a JSON object");
                continue;
            }

            // Each item is read on its own, so one bad item does not hide the others' problems.
            var itemErrors = new FieldErrors();
            var typed = ServerDocument.Read(item, prefix, itemErrors);
            errors.AddAll(itemErrors);
            if (typed is null)
            {
                continue;
            }

            var key = KeyOf(typed);
            if (!firstPathOf.TryAdd(key, prefix))
            {
                errors.Add(JsonPath.Combine(prefix, "saved_name"), $"'{key.SavedName}' version '{key.ServerVersion}' is also {firstPathOf[key]}");
                continue;
            }

            parsed.Add(new BatchItem(typed, item, key, prefix));
        }

        return parsed;
    }

    /// <summary>409 naming every item of the batch whose name and version already exist in the registry.</summary>
    private static async Task<Error?> FindClashesAsync(RegistryDbContext db, string registryId, List<BatchItem> batch, CancellationToken cancellationToken)
    {
        var names = batch.Select(p => p.Key.SavedName).Distinct().ToList();
        var existing = await db.Servers.AsNoTracking()
            .Where(s => s.RegistryId == registryId && names.Contains(s.SavedName))
            .Select(s => new { s.SavedName, s.ServerVersion })
            .ToListAsync(cancellationToken);
        var pathOf = batch.ToDictionary(p => p.Key, p => p.Path);
        var clashes = new FieldErrors();
        foreach (var e in existing)
        {
            if (pathOf.TryGetValue(new ServerKey(e.SavedName, e.ServerVersion), out var path))
            {
                clashes.Add(path, $"'{e.SavedName}' version '{e.ServerVersion}' already exists in the registry");
            }
        }

        if (clashes.IsEmpty)
        {
            return null;
        }

        var dictionary = clashes.ToDictionary();
        return new Error(ErrorKind.Conflict, $"Nothing was stored: {dictionary.Count} server(s) already exist", dictionary);
    }

    /// <summary>The page, sort, order and review-status filter of list-servers, every problem at once.</summary>
    private static Error? CheckListQuery(ServerListQuery query)
    {
        var errors = new FieldErrors();
        if (PageRequestRules.Check(new PageRequest(query.Page, query.PerPage)) is { FieldErrors: { } pageErrors })
        {
            foreach (var (path, messages) in pageErrors)
            {
                errors.Add(path, messages[0]);
            }
        }

        if (!ServerPages.Sorts.Contains(query.Sort))
        {
            errors.Add("sort", $"must be one of {string.Join(", ", ServerPages.Sorts)}");
        }

        if (query.Order is not ("asc" or "desc"))
        {
            errors.Add("order", "must be asc or desc");
        }

        if (query.ReviewStatus is not null && !ReviewStatuses.All.Contains(query.ReviewStatus))
        {
            errors.Add("review_status", "must be one of pending, approved, rejected");
        }

        return errors.IsEmpty ? null : errors.ToError();
    }

    private static ServerKey KeyOf(ServerBody typed) => new(typed.SavedName!, typed.ServerVersion ?? Identifiers.DefaultVersion);

    private static Error NotFound(ServerKey key) => Error.NotFound($"{key} not found");

    private RegistryServer NewServer(string registryId, ServerBody typed, JsonObject body, Actor actor)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var server = new RegistryServer
        {
            Id = Guid.CreateVersion7().ToString(),
            RegistryId = registryId,
            SavedName = typed.SavedName!,
            ServerVersion = typed.ServerVersion ?? Identifiers.DefaultVersion,
            McpConfig = [],
            Transport = Transports.Stdio,
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = actor.Name,
            UpdatedBy = actor.Name,
            ReviewStatus = ReviewStatuses.Pending,
        };
        ServerDocument.Apply(server, typed, body, protector);
        return server;
    }

    private static void RecordCreated(RegistryDbContext db, RegistryServer server, ReviewPolicy policy, Actor actor)
    {
        ServerReviewRules.OnCreated(db, server, policy, actor, server.CreatedAt);
        // Nothing before: the event holds the masked document whole, so it is also what the (empty) comparison walks.
        var masked = ServerReviewRules.MaskedAuditDocument(server);
        ServerReviewRules.Record(db, actor, server.CreatedAt, "server.add", server, null, (masked, masked));
    }

    /// <summary>
    /// Saves <paramref name="servers"/> (already added to <paramref name="db"/>); false when one of them now exists (a
    /// concurrent add won). Any other failure is a bug and throws.
    /// </summary>
    private static async Task<bool> TrySaveNewAsync(RegistryDbContext db, IReadOnlyCollection<RegistryServer> servers, CancellationToken cancellationToken)
    {
        var added = servers.Select(s => (s.RegistryId, s.SavedName, s.ServerVersion)).ToList();
        try
        {
            // Its callers only build the reply from the entities, then dispose the context.
            await db.SaveLastChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            // Provider-neutral: ask whether a row with one of our keys exists now, rather than parse the provider's error.
            db.ChangeTracker.Clear();
            var registryIds = added.Select(a => a.RegistryId).Distinct().ToList();
            var names = added.Select(a => a.SavedName).Distinct().ToList();
            var existing = await db.Servers.AsNoTracking()
                .Where(s => registryIds.Contains(s.RegistryId) && names.Contains(s.SavedName))
                .Select(s => new { s.RegistryId, s.SavedName, s.ServerVersion })
                .ToListAsync(cancellationToken);
            if (existing.Any(e => added.Contains((e.RegistryId, e.SavedName, e.ServerVersion))))
            {
                return false;
            }

            throw;
        }
    }

    /// <summary>A modify that changes something: the plain body before, the merged body when the content changed, whether it restores.</summary>
    private sealed record ServerChange(JsonObject Current, JsonObject? Merged, ServerBody Typed, bool Restore);

    /// <summary>
    /// Completes a merged body (masks sent back become the stored secrets) and checks it as a whole; null with errors
    /// when it is not a valid server.
    /// </summary>
    private static ServerBody? CheckMerged(JsonObject current, JsonObject merged, JsonObject changes, FieldErrors errors)
    {
        if (merged[ServerPatch.McpConfig] is JsonObject mergedConfig)
        {
            SecretRules.RestoreMasked(mergedConfig, current[ServerPatch.McpConfig] as JsonObject, ServerPatch.McpConfig, errors, changes[ServerPatch.McpConfig] as JsonObject ?? []);
        }

        // The validator is built once (ServerDocument's): building one per call was a fifth of a modify-server's CPU.
        var typed = ServerDocument.ReadMerged(merged, errors);
        return errors.IsEmpty ? typed : null;
    }

    /// <summary>A new revision: the content and review state when the content changed, the restore when asked; audited in full; 412 on a concurrent change.</summary>
    private async Task<Error?> SaveModifiedAsync(RegistryDbContext db, RegistryServer server, ServerKey key, ServerChange change, ReviewPolicy policy, Actor actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var before = ServerReviewRules.AuditDocuments(server, protector);
        Lifecycle.Touch(server, actor, now);
        if (change.Merged is { } merged)
        {
            ServerDocument.Apply(server, change.Typed, merged, protector);
            ServerReviewRules.OnChanged(db, server, change.Current, merged, policy, actor, now);
        }

        if (change.Restore)
        {
            Lifecycle.Restore(server);
        }

        var action = change.Restore && change.Merged is null ? "server.restore" : "server.modify";
        ServerReviewRules.Record(db, actor, now, action, server, before, ServerReviewRules.AuditDocuments(server, protector));
        return await Lifecycle.SaveAsync(db, key, lastUse: true, cancellationToken);
    }
}
