using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Audit;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Secrets;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Core.Reviews;

/// <summary>The project's review settings (API.md §4).</summary>
public sealed record ReviewPolicy(bool RequireApproval, bool RequireDistinctReviewer)
{
    /// <summary>The policy of a project without a row: approval by someone else than the author.</summary>
    public static readonly ReviewPolicy Strictest = new(true, true);

    public static async Task<ReviewPolicy> LoadAsync(RegistryDbContext db, string projectId, CancellationToken cancellationToken) =>
        await db.Projects.AsNoTracking().Where(p => p.Id == projectId)
            .Select(p => new ReviewPolicy(p.RequireApproval, p.RequireDistinctReviewer))
            .FirstOrDefaultAsync(cancellationToken) ?? Strictest;
}

/// <summary>
/// What a write does to a server's review state, and the audit documents of a server.
/// Fields a reviewer must see before a runtime does: <c>mcp_config</c>, <c>server_name</c>, <c>description</c>.
/// </summary>
internal static class ServerReviewRules
{
    public static readonly IReadOnlyList<string> ReviewedFields = ["server_name", "description", "mcp_config"];

    /// <summary>A new server: pending, or approved at once when the project does not require approval.</summary>
    public static void OnCreated(RegistryDbContext db, RegistryServer server, ReviewPolicy policy, Actor actor, DateTime now)
    {
        if (policy.RequireApproval)
        {
            server.ReviewStatus = ReviewStatuses.Pending;
            server.PendingAuthorsJson = ReviewAuthors.Add(null, actor);
        }
        else
        {
            server.PendingAuthorsJson = ReviewAuthors.Add(server.PendingAuthorsJson, actor);
            Approve(db, server, reviewer: null, now, note: null);
        }
    }

    /// <summary>After a change: a change to a reviewed field needs review again (or is approved at once without the requirement).</summary>
    public static void OnChanged(RegistryDbContext db, RegistryServer server, JsonObject before, JsonObject after, ReviewPolicy policy, Actor actor, DateTime now)
    {
        if (!ReviewedFields.Any(f => !JsonNode.DeepEquals(before[f], after[f])))
        {
            return;
        }

        if (policy.RequireApproval)
        {
            // Every writer since the last approval stays an author, also across a rejection: the rejected content is still there.
            server.ReviewStatus = ReviewStatuses.Pending;
            server.PendingAuthorsJson = ReviewAuthors.Add(server.PendingAuthorsJson, actor);
        }
        else
        {
            server.PendingAuthorsJson = ReviewAuthors.Add(server.PendingAuthorsJson, actor);
            Approve(db, server, reviewer: null, now, note: null);
        }
    }

    /// <summary>Freezes the current revision as the one gateways serve.</summary>
    public static void Approve(RegistryDbContext db, RegistryServer server, Actor? reviewer, DateTime now, string? note)
    {
        var authors = server.PendingAuthorsJson;
        server.ReviewStatus = ReviewStatuses.Approved;
        server.ApprovedRevision = server.Revision;
        server.ReviewedBy = reviewer?.Name;
        server.PendingAuthorsJson = "[]";
        db.ServerSnapshots.Add(new ServerSnapshot
        {
            Id = Guid.CreateVersion7().ToString(),
            ServerId = server.Id,
            Revision = server.Revision,
            ServerName = server.ServerName,
            Description = server.Description,
            McpConfig = (JsonObject)server.McpConfig.DeepClone(),
            ApprovedAt = now,
            ApprovedBy = reviewer?.Name,
            ApprovedById = reviewer?.Id,
            AuthorsJson = authors,
            Note = note,
        });
    }

    /// <summary>The audit view of a server: its body plus state, in plain text and masked.</summary>
    public static (JsonObject Plain, JsonObject Masked) AuditDocuments(RegistryServer server, ISecretProtector protector) =>
        (WithState(ServerDocument.ToPlainBody(server, protector), server), MaskedAuditDocument(server));

    /// <summary>
    /// The masked audit view alone. A server that did not exist before is recorded as one change holding this document
    /// whole; its plain twin would only be compared with nothing, so no secret is decrypted for it.
    /// </summary>
    public static JsonObject MaskedAuditDocument(RegistryServer server) => WithState(ServerDocument.ToMaskedBody(server), server);

    private static JsonObject WithState(JsonObject body, RegistryServer server)
    {
        body["is_active"] = server.IsActive;
        body["review_status"] = server.ReviewStatus;
        body["approved_revision"] = server.ApprovedRevision;
        return body;
    }

    public static string EntityName(RegistryServer server) => $"{server.SavedName}@{server.ServerVersion}";

    public static void Record(RegistryDbContext db, Actor actor, DateTime now, string action, RegistryServer server,
        (JsonObject Plain, JsonObject Masked)? before, (JsonObject Plain, JsonObject Masked) after, string? note = null) =>
        AuditLog.Record(db, actor, now, action, AuditEntities.Server, server.Id, EntityName(server),
            JsonDiff.Changes(before?.Plain, after.Plain, before?.Masked, after.Masked), server.Revision, note);
}
