using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Reviews;
using RegistryConsole.Core.Secrets;
using RegistryConsole.Core.Servers;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Core.Secrets;

/// <summary>
/// An added server's audit event holds its masked document whole, built from the stored (encrypted) config without
/// decrypting anything, and equal to the masked view built the long way (decrypt, then mask).
/// </summary>
public sealed class AddAuditSecretsTests(CoreDatabase database) : IClassFixture<CoreDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Bodies => ["stdio", "remote"];

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task AddAsync_RecordsTheMaskedDocument_WithoutDecryptingASecret(string kind)
    {
        var admin = await database.NewProjectActorAsync(Role.Admin);
        var protector = new CountingProtector(database.Protector);
        var servers = new ServerService(database.DbFactory, protector, TimeProvider.System);
        var body = kind == "stdio" ? ServerBodies.Stdio($"audit-{kind}") : WithCustomHeaders(ServerBodies.Remote($"audit-{kind}"));

        var added = await servers.AddAsync(body, admin, Ct);

        Assert.True(added.IsSuccess, added.IsSuccess ? null : added.Error.Message);
        Assert.True(protector.Protected > 0);
        Assert.Equal(0, protector.Unprotected);

        await using var db = await database.DbFactory.CreateDbContextAsync(Ct);
        var auditEvent = await db.AuditEvents.AsNoTracking().SingleAsync(e => e.ProjectId == admin.ProjectId && e.Action == "server.add", Ct);
        var row = await db.Servers.AsNoTracking().SingleAsync(s => s.Id == auditEvent.EntityId, Ct);
        var change = Assert.Single(auditEvent.Changes)!.AsObject();
        var longWay = ServerReviewRules.AuditDocuments(row, database.Protector).Masked;
        Assert.True(JsonNode.DeepEquals(longWay, change["after"]), change["after"]!.ToJsonString());
        Assert.DoesNotContain("secret", auditEvent.Changes.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(SecretRules.Mask, auditEvent.Changes.ToJsonString(), StringComparison.Ordinal);
    }

    private static JsonObject WithCustomHeaders(JsonObject body)
    {
        body["mcp_config"]!["oauth_config"]!["OAUTH_CUSTOM_HEADERS"] = new JsonObject { ["X-Api-Key"] = "custom-secret-header", ["X-Tenant"] = "acme" };
        return body;
    }

    private sealed class CountingProtector(ISecretProtector inner) : ISecretProtector
    {
        private int _protected;
        private int _unprotected;

        public int Protected => Volatile.Read(ref _protected);

        public int Unprotected => Volatile.Read(ref _unprotected);

        public string Protect(string plaintext)
        {
            Interlocked.Increment(ref _protected);
            return inner.Protect(plaintext);
        }

        public string Unprotect(string ciphertext)
        {
            Interlocked.Increment(ref _unprotected);
            return inner.Unprotect(ciphertext);
        }
    }
}
