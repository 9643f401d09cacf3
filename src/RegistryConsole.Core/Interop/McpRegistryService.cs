using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Projects;
using RegistryConsole.Core.Secrets;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Core.Interop;

public sealed class McpRegistryService(
    IDbContextFactory<RegistryDbContext> dbFactory,
    ServerService servers,
    IGatewayService gateways) : IMcpRegistryService
{
    public const string OfficialMetaKey = "io.modelcontextprotocol.registry/official";
    public const string Latest = "latest";

    public async Task<Actor?> AnonymousReaderAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Name == Project.DefaultName, cancellationToken);
        return project is { PublicCatalog: true }
            ? new Actor(project.Id, project.Name, "anonymous", "anonymous (public catalog)", Role.Viewer, Channel.Api)
            : null;
    }

    public async Task<Result<CatalogPage>> ListAsync(CatalogQuery query, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.ReadServer) is { } forbidden)
        {
            return forbidden;
        }

        if (query.Limit is < 1 or > CatalogQuery.MaxLimit)
        {
            return Error.Validation("limit", $"must be between 1 and {CatalogQuery.MaxLimit}");
        }

        (string Name, string Version)? after = null;
        if (!string.IsNullOrEmpty(query.Cursor))
        {
            after = DecodeCursor(query.Cursor);
            if (after is null)
            {
                return Error.Validation("cursor", "is not a cursor of this registry");
            }
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (ns, rows) = await ServedAsync(db, actor, includeDeleted: query.UpdatedSince is not null, cancellationToken);
        var search = query.Search?.Trim();
        var selected = rows
            .Where(r => query.UpdatedSince is null || r.UpdatedAt > query.UpdatedSince)
            .Where(r => string.IsNullOrEmpty(search) || $"{ns}/{r.SavedName}".Contains(search, StringComparison.OrdinalIgnoreCase))
            .Where(r => query.Version is null || (query.Version == Latest ? r.IsLatest : r.ServerVersion == query.Version))
            .OrderBy(r => r.SavedName, StringComparer.Ordinal).ThenBy(r => r.ServerVersion, StringComparer.Ordinal)
            .Where(r => after is null || IsAfter(r, after.Value))
            .Take(query.Limit + 1)
            .ToList();
        var page = selected.Take(query.Limit).ToList();
        var next = selected.Count > query.Limit ? EncodeCursor(page[^1]) : null;
        return new CatalogPage(await ResponsesAsync(db, ns, page, cancellationToken), next);
    }

    public async Task<Result<IReadOnlyList<JsonObject>>> ListVersionsAsync(string serverName, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.ReadServer) is { } forbidden)
        {
            return forbidden;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (ns, rows) = await ServedAsync(db, actor, includeDeleted: false, cancellationToken);
        var versions = rows.Where(r => $"{ns}/{r.SavedName}" == serverName).OrderByDescending(r => r.ApprovedAt).ToList();
        if (versions.Count == 0)
        {
            return Error.NotFound("Server not found");
        }

        return await ResponsesAsync(db, ns, versions, cancellationToken);
    }

    public async Task<Result<JsonObject>> GetVersionAsync(string serverName, string version, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.ReadServer) is { } forbidden)
        {
            return forbidden;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (ns, rows) = await ServedAsync(db, actor, includeDeleted: false, cancellationToken);
        var versions = rows.Where(r => $"{ns}/{r.SavedName}" == serverName).ToList();
        if (versions.Count == 0)
        {
            return Error.NotFound("Server not found");
        }

        var row = version == Latest ? versions.FirstOrDefault(r => r.IsLatest) : versions.FirstOrDefault(r => r.ServerVersion == version);
        return row is null ? Error.NotFound("Server version not found") : (await ResponsesAsync(db, ns, [row], cancellationToken))[0];
    }

    public async Task<Result<JsonObject>> ExportServerAsync(ServerKey key, string format, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.ReadRegistry) is { } forbidden)
        {
            return forbidden;
        }

        if (FormatError(format) is { } formatError)
        {
            return formatError;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var server = await db.Servers.AsNoTracking().FindServerAsync(db, actor.ProjectId, key, cancellationToken);
        if (server is null)
        {
            return Error.NotFound($"{key} not found");
        }

        if (!server.IsActive || server.ApprovedRevision is not { } approved)
        {
            return Error.Conflict($"{key} is {(server.IsActive ? "not approved yet" : "deleted")}: only an approved, active server can be exported");
        }

        var snapshot = await db.ServerSnapshots.AsNoTracking().FirstAsync(s => s.ServerId == server.Id && s.Revision == approved, cancellationToken);
        var config = SecretRules.Masked(snapshot.McpConfig);
        return ClientConfigExport.Build(format, [new ExportServer(server.SavedName, config)]);
    }

    public async Task<Result<JsonObject>> ExportGatewayAsync(GatewayKey key, string format, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.ReadRegistry) is { } forbidden)
        {
            return forbidden;
        }

        if (FormatError(format) is { } formatError)
        {
            return formatError;
        }

        var expanded = await gateways.GetConfigAsync(key, actor, cancellationToken);
        if (!expanded.IsSuccess)
        {
            return expanded.Error;
        }

        var active = expanded.Value.ExpandedServers.Where(s => s.IsActive).ToList();
        var ambiguous = active.GroupBy(s => s.SavedName).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return ClientConfigExport.Build(format, active.Select(s => new ExportServer(
            ambiguous.Contains(s.SavedName) ? $"{s.SavedName}-{s.ServerVersion}" : s.SavedName,
            SecretRules.Masked(s.McpConfig))));
    }

    public async Task<Result<ImportReport>> ImportAsync(JsonNode? input, bool dryRun, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.WriteRegistry) is { } forbidden)
        {
            return forbidden;
        }

        var entries = McpImport.Plan(input);
        if (entries is null || entries.Count == 0)
        {
            return Error.Validation("$", $"must be {McpImport.Format}, with at least one server");
        }

        var unmapped = entries.Where(e => e.Body is null).ToList();
        var mapped = entries.Where(e => e.Body is not null).ToList();
        var bulk = new JsonObject { ["servers"] = new JsonArray(mapped.Select(e => (JsonNode)e.Body!.DeepClone()).ToArray()) };

        // Problems name the entry they come from (mcpServers.github...), not its place among the entries that mapped.
        var sources = mapped.Select(e => e.Source).ToList();
        if (dryRun)
        {
            // The same checks as the import (every field rule, name clashes), storing nothing.
            Error? problem = null;
            if (bulk["servers"]!.AsArray().Count > 0)
            {
                var check = await servers.BulkAddAsync(bulk, dryRun: true, alwaysPending: true, actor, cancellationToken, sources);
                problem = check.IsSuccess ? null : check.Error;
            }

            return new ImportReport(entries, [], DryRun: true, problem);
        }

        if (unmapped.Count > 0)
        {
            var errors = new FieldErrors();
            foreach (var entry in unmapped)
            {
                errors.Add(entry.Source, "could not be mapped to a server: " + string.Join("; ", entry.NotMapped));
            }

            return errors.ToError($"Nothing was imported: {unmapped.Count} entr{(unmapped.Count == 1 ? "y" : "ies")} could not be mapped");
        }

        var added = await servers.BulkAddAsync(bulk, dryRun: false, alwaysPending: true, actor, cancellationToken, sources);
        return added.IsSuccess ? new ImportReport(entries, added.Value.Servers, DryRun: false, null) : added.Error;
    }

    private static Error? FormatError(string format) =>
        ClientConfigExport.Formats.Contains(format) ? null : Error.Validation("format", $"must be one of {string.Join(", ", ClientConfigExport.Formats)}");

    private sealed record ServedRow(
        string ServerId, string SavedName, string ServerVersion, bool IsActive, int Revision, string? SourceUrl, string? SourceVersion,
        DateTime ApprovedAt, DateTime PublishedAt, DateTime? DeletedAt)
    {
        public bool IsLatest { get; set; }

        public DateTime UpdatedAt => DeletedAt is { } deleted && deleted > ApprovedAt ? deleted : ApprovedAt;
    }

    /// <summary>The project's namespace and every server with an approved snapshot (active ones, and deleted ones when asked), isLatest set.</summary>
    private static async Task<(string Namespace, List<ServedRow> Rows)> ServedAsync(RegistryDbContext db, Actor actor, bool includeDeleted, CancellationToken cancellationToken)
    {
        var project = await db.Projects.AsNoTracking().FirstAsync(p => p.Id == actor.ProjectId, cancellationToken);
        var rows = await (
            from s in db.Servers.AsNoTracking().InProject(db, actor.ProjectId)
            where s.ApprovedRevision != null && (includeDeleted || s.IsActive) && s.ServerVersion != Latest
            from snapshot in db.ServerSnapshots.Where(x => x.ServerId == s.Id && x.Revision == s.ApprovedRevision)
            select new ServedRow(
                s.Id, s.SavedName, s.ServerVersion, s.IsActive, snapshot.Revision, s.SourceUrl, s.SourceVersion, snapshot.ApprovedAt,
                db.ServerSnapshots.Where(x => x.ServerId == s.Id).Min(x => x.ApprovedAt), s.DeletedAt))
            .ToListAsync(cancellationToken);
        foreach (var group in rows.Where(r => r.IsActive).GroupBy(r => r.SavedName, StringComparer.Ordinal))
        {
            VersionOrder.Latest(group.ToList(), r => r.ServerVersion, r => r.ApprovedAt)!.IsLatest = true;
        }

        return (RegistryNamespaces.Of(project), rows);
    }

    /// <summary>ServerResponse objects for <paramref name="rows"/>, in their order, from the approved snapshots (masked).</summary>
    private static async Task<List<JsonObject>> ResponsesAsync(RegistryDbContext db, string ns, IReadOnlyList<ServedRow> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => r.ServerId).ToList();
        var snapshots = (await db.ServerSnapshots.AsNoTracking()
                .Where(x => ids.Contains(x.ServerId))
                .Select(x => new { x.ServerId, x.Revision, x.ServerName, x.Description, x.McpConfig })
                .ToListAsync(cancellationToken))
            .ToDictionary(x => (x.ServerId, x.Revision));
        return rows.Select(r =>
        {
            var snapshot = snapshots[(r.ServerId, r.Revision)];
            var entry = new CatalogEntry(r.SavedName, r.ServerVersion, snapshot.ServerName, snapshot.Description, r.SourceUrl, r.SourceVersion,
                SecretRules.Masked(snapshot.McpConfig));
            return new JsonObject
            {
                ["server"] = ServerJsonMapper.ToServerJson(entry, ns),
                ["_meta"] = new JsonObject
                {
                    [OfficialMetaKey] = new JsonObject
                    {
                        ["status"] = r.IsActive ? "active" : "deleted",
                        ["publishedAt"] = Timestamp(r.PublishedAt),
                        ["updatedAt"] = Timestamp(r.UpdatedAt),
                        ["isLatest"] = r.IsLatest,
                    },
                },
            };
        }).ToList();
    }

    private static string Timestamp(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsAfter(ServedRow row, (string Name, string Version) cursor)
    {
        var byName = string.CompareOrdinal(row.SavedName, cursor.Name);
        return byName > 0 || byName == 0 && string.CompareOrdinal(row.ServerVersion, cursor.Version) > 0;
    }

    private static string EncodeCursor(ServedRow row) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{row.SavedName}\n{row.ServerVersion}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (string, string)? DecodeCursor(string cursor)
    {
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split('\n');
            return parts.Length == 2 && Identifiers.IsValid(parts[0]) && Identifiers.IsValid(parts[1]) ? (parts[0], parts[1]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
