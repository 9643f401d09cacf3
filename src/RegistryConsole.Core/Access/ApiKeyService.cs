using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Audit;
using RegistryConsole.Core.Caching;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Core.Access;

public sealed class ApiKeyService(IDbContextFactory<RegistryDbContext> dbFactory, TimeProvider clock, IChangeStampReader? stamps = null) : IApiKeyService
{
    private readonly IChangeStampReader _stamps = stamps ?? new DatabaseChangeStampReader(dbFactory);

    public const int PrefixLength = 8;

    // last_used_at is written at most this often per key, so reads do not turn into a write each.
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private static readonly CreateApiKeyRequestValidator Validator = new();

    private readonly StampedCache<string, CachedKey> _keys = new(capacity: 10_000);

    // When this instance last wrote last_used_at per key id.
    private readonly ConcurrentDictionary<string, DateTime> _lastUsedWritten = new();

    public async Task<Result<CreatedApiKey>> CreateAsync(JsonObject body, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.Administer) is { } forbidden)
        {
            return forbidden;
        }

        var errors = new FieldErrors();
        var request = StrictJson.Read(body, Validator, string.Empty, errors);
        if (request is null)
        {
            return errors.ToError();
        }

        var name = request.Name!.Trim();
        var now = clock.GetUtcNow().UtcDateTime;
        var expiresAt = request.ExpiresAt?.UtcDateTime;
        if (expiresAt is not null && expiresAt <= now)
        {
            return Error.Validation("expires_at", "must lie in the future");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await CreateProblemAsync(db, request, name, actor.ProjectId, cancellationToken) is { } problem)
        {
            return problem;
        }

        var plain = NewKey();
        var key = NewApiKey(request, name, plain, actor, now, expiresAt);
        db.ApiKeys.Add(key);
        AuditLog.Record(db, actor, key.CreatedAt, "api_key.create", AuditEntities.ApiKey, key.Id, key.Name, AuditLog.Diff(null, AuditDocument(key)));
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKey(key.Id, key.Name, key.Role, key.Prefix, key.UserId, key.CreatedBy, key.CreatedAt, key.ExpiresAt, plain);
    }

    /// <summary>The checks of a new key that need the database: its user, the role that user may hand on, a unique name.</summary>
    private static async Task<Error?> CreateProblemAsync(RegistryDbContext db, CreateApiKeyRequest request, string name, string projectId, CancellationToken cancellationToken)
    {
        if (request.UserId is not null
            && !await db.Users.AnyAsync(u => u.Id == request.UserId && u.ProjectId == projectId && !u.IsDisabled, cancellationToken))
        {
            return Error.Validation("user_id", "must be the id of an enabled user of this project");
        }

        if (request.UserId is not null && RoleNames.TryParse(request.Role!, out var keyRole) && !await UserMayHoldAsync(db, request.UserId, keyRole, cancellationToken))
        {
            return Error.Validation("role", "must be a role the user holds (or viewer): a key issued to a person may do no more than that person");
        }

        if (await db.ApiKeys.AnyAsync(k => k.ProjectId == projectId && k.Name == name && k.RevokedAt == null, cancellationToken))
        {
            return Error.Conflict($"An active API key named '{name}' already exists");
        }

        return null;
    }

    private static ApiKey NewApiKey(CreateApiKeyRequest request, string name, string plain, Actor actor, DateTime now, DateTime? expiresAt) => new()
    {
        Id = Guid.CreateVersion7().ToString(),
        ProjectId = actor.ProjectId,
        Name = name,
        Role = request.Role!,
        Prefix = plain[..PrefixLength],
        Hash = Hash(plain),
        CreatedAt = now,
        CreatedBy = actor.Name,
        CreatedById = actor.Id,
        CreatedByKeyId = actor.KeyId,
        UserId = request.UserId,
        ExpiresAt = expiresAt,
    };

    private static JsonObject AuditDocument(ApiKey key) => new()
    {
        ["name"] = key.Name,
        ["role"] = key.Role,
        ["prefix"] = key.Prefix,
        ["user_id"] = key.UserId,
        ["expires_at"] = key.ExpiresAt,
    };

    public async Task<Result<IReadOnlyList<ApiKeyDto>>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.Administer) is { } forbidden)
        {
            return forbidden;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking()
            .Where(k => k.ProjectId == actor.ProjectId)
            .OrderBy(k => k.CreatedAt)
            .ToListAsync(cancellationToken);
        var userIds = keys.Where(k => k.UserId is not null).Select(k => k.UserId!).Distinct().ToList();
        var names = await db.Users.AsNoTracking()
            .Where(u => userIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName != string.Empty ? u.DisplayName : u.Email ?? u.Id, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        return keys.Select(k => ApiKeyDto.From(k, k.UserId is null ? null : names.GetValueOrDefault(k.UserId), now)).ToList();
    }

    public async Task<Result<ApiKeyDto>> RevokeAsync(string id, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Require(Permission.Administer) is { } forbidden)
        {
            return forbidden;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id && k.ProjectId == actor.ProjectId, cancellationToken);
        if (key is null)
        {
            return Error.NotFound($"API key '{id}' not found");
        }

        if (key.RevokedAt is not null)
        {
            return Error.Conflict($"API key '{key.Name}' is already revoked");
        }

        key.RevokedAt = clock.GetUtcNow().UtcDateTime;
        key.RevokedBy = actor.Name;
        AuditLog.Record(db, actor, key.RevokedAt.Value, "api_key.revoke", AuditEntities.ApiKey, key.Id, key.Name,
            AuditLog.Diff(new JsonObject { ["is_active"] = true }, new JsonObject { ["is_active"] = false }));
        await db.SaveChangesAsync(cancellationToken);
        var issuedTo = key.UserId is null ? null : await db.Users.Where(u => u.Id == key.UserId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
        return ApiKeyDto.From(key, issuedTo, key.RevokedAt.Value);
    }

    public async Task<Actor?> AuthenticateAsync(string presentedKey, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(presentedKey) || presentedKey.Length > 256)
        {
            return null;
        }

        var hash = Hash(presentedKey);

        // The stamp first, then the key: a revoke committed in between leaves an entry that looks stale, never one that looks fresh.
        var stamp = await _stamps.ReadAsync(ChangeStamp.Access, cancellationToken);
        if (!_keys.TryGet(hash, stamp, out var key))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            key = await LoadKeyAsync(db, hash, cancellationToken);
            if (key is null)
            {
                // Unknown keys are not cached: a caller could fill memory with made-up keys.
                return null;
            }

            _keys.Set(hash, stamp, key);
            _lastUsedWritten.TryAdd(key.Id, key.LastUsedAt ?? DateTime.MinValue);
        }

        // Checked at use time, not at caching time, so a key that runs out (revocation, expiry) is refused on its next call.
        var now = clock.GetUtcNow().UtcDateTime;
        if (!key.IsUsableAt(now))
        {
            return null;
        }

        var written = _lastUsedWritten.GetOrAdd(key.Id, DateTime.MinValue);
        if (now - written >= LastUsedResolution && _lastUsedWritten.TryUpdate(key.Id, now, written))
        {
            // At most one write a minute per key and instance; no change stamp (last_used_at invalidates nothing).
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
        }

        return new Actor(key.ProjectId, key.ProjectName, key.PrincipalId, key.PrincipalName, key.Role, Channel.Api, key.Id);
    }

    /// <summary>
    /// The key and the principal it acts as: a key issued to a person acts as that person, and is refused while they are
    /// disabled (a user change moves the access stamp, so the cached answer is rebuilt on the next call).
    /// </summary>
    private static async Task<CachedKey?> LoadKeyAsync(RegistryDbContext db, string hash, CancellationToken cancellationToken)
    {
        var match = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Hash == hash && k.RevokedAt == null)
            .Join(db.Projects, k => k.ProjectId, p => p.Id, (k, p) => new { Key = k, ProjectName = p.Name })
            .FirstOrDefaultAsync(cancellationToken);
        if (match is null || !RoleNames.TryParse(match.Key.Role, out var role))
        {
            return null;
        }

        var (principalId, principalName) = (match.Key.Id, match.Key.Name);
        if (match.Key.UserId is { } userId)
        {
            var user = await db.Users.AsNoTracking()
                .Where(u => u.Id == userId && u.ProjectId == match.Key.ProjectId)
                .Select(u => new { u.Id, u.DisplayName, u.Email, u.IsDisabled })
                .FirstOrDefaultAsync(cancellationToken);
            if (user is null || user.IsDisabled || !await UserMayHoldAsync(db, user.Id, role, cancellationToken))
            {
                // Disabled, or no longer holding the key's role (demoted): the key acts as that person, so it stops too.
                return null;
            }

            (principalId, principalName) = (user.Id, user.DisplayName != string.Empty ? user.DisplayName : user.Email ?? user.Id);
        }

        return new CachedKey(match.Key.Id, match.Key.ProjectId, match.ProjectName, principalId, principalName, role, match.Key.RevokedAt, match.Key.ExpiresAt, match.Key.LastUsedAt);
    }

    /// <summary>A person may hold a key of their own console role, of any role when they are an admin, and a viewer key always.</summary>
    private static async Task<bool> UserMayHoldAsync(RegistryDbContext db, string userId, Role keyRole, CancellationToken cancellationToken)
    {
        if (keyRole == Role.Viewer)
        {
            return true;
        }

        var keyRoleName = keyRole.ToName();
        return await (from ur in db.UserRoles
                      join r in db.Roles on ur.RoleId equals r.Id
                      where ur.UserId == userId && (r.Name == RoleNames.Admin || r.Name == keyRoleName)
                      select ur.UserId).AnyAsync(cancellationToken);
    }

    /// <summary>What authentication needs of a key, cached by the key's hash under the access stamp.</summary>
    private sealed record CachedKey(string Id, string ProjectId, string ProjectName, string PrincipalId, string PrincipalName, Role Role, DateTime? RevokedAt, DateTime? ExpiresAt, DateTime? LastUsedAt)
    {
        public bool IsUsableAt(DateTime now) => (RevokedAt is null || RevokedAt > now) && (ExpiresAt is null || ExpiresAt > now);
    }

    /// <summary>Keys carry 256 random bits, so one SHA-256 is enough: there is nothing to guess, and lookups stay an index seek.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string NewKey() =>
        "rck_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
