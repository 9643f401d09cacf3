using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Core.Common;

/// <summary>What servers and gateways share: a revision for If-Match, soft delete, and who touched them last.</summary>
public interface ILifecycleEntity
{
    bool IsActive { get; set; }

    int Revision { get; set; }

    DateTime UpdatedAt { get; set; }

    DateTime? DeletedAt { get; set; }

    string? UpdatedBy { get; set; }

    string? DeletedBy { get; set; }
}

/// <summary>
/// The one lifecycle of servers and gateways: the If-Match check, a new revision stamped with its actor, soft delete and
/// restore, and the save that turns a concurrent change into 412. <c>key</c> is the resource's key, whose
/// <c>ToString</c> names it in messages.
/// </summary>
internal static class Lifecycle
{
    /// <summary>412 when the caller read another revision than the stored one; null when there is no If-Match or it matches.</summary>
    public static Error? CheckRevision(ILifecycleEntity entity, int? expectedRevision, object key) =>
        expectedRevision is not null && expectedRevision != entity.Revision
            ? Error.PreconditionFailed($"{key} has changed since it was read (revision {entity.Revision}); read it again")
            : null;

    /// <summary>Whether a modify may go on: 412 on another revision, then 409 for a deleted resource the patch does not restore.</summary>
    public static Error? CheckModify(ILifecycleEntity entity, int? expectedRevision, object key, bool restores) =>
        CheckRevision(entity, expectedRevision, key)
        ?? (entity.IsActive || restores ? null : Error.Conflict($"{key} is deleted; restore it with \"is_active\": true"));

    /// <summary>A new revision, stamped with its time and actor (the audit actor of the row).</summary>
    public static void Touch(ILifecycleEntity entity, Actor actor, DateTime now)
    {
        entity.Revision++;
        entity.UpdatedAt = now;
        entity.UpdatedBy = actor.Name;
    }

    /// <summary>Soft-deletes after the If-Match check: 412 on another revision, 409 when already deleted.</summary>
    public static Error? SoftDelete(ILifecycleEntity entity, int? expectedRevision, object key, Actor actor, DateTime now)
    {
        if (CheckRevision(entity, expectedRevision, key) is { } stale)
        {
            return stale;
        }

        if (!entity.IsActive)
        {
            return Error.Conflict($"{key} is already deleted");
        }

        entity.IsActive = false;
        entity.DeletedAt = now;
        entity.DeletedBy = actor.Name;
        Touch(entity, actor, now);
        return null;
    }

    /// <summary>Undoes a soft delete (the caller stamps the revision with <see cref="Touch"/>).</summary>
    public static void Restore(ILifecycleEntity entity)
    {
        entity.IsActive = true;
        entity.DeletedAt = null;
        entity.DeletedBy = null;
    }

    /// <summary>
    /// Saves a change to an existing row; 412 when someone else changed it meanwhile (its revision is the concurrency
    /// token). <paramref name="lastUse"/>: the context is disposed right after (<see cref="RegistryDbContext.SaveLastChangesAsync"/>).
    /// </summary>
    public static async Task<Error?> SaveAsync(RegistryDbContext db, object key, bool lastUse, CancellationToken cancellationToken)
    {
        try
        {
            await (lastUse ? db.SaveLastChangesAsync(cancellationToken) : db.SaveChangesAsync(cancellationToken));
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.PreconditionFailed($"{key} was changed by someone else meanwhile; read it again");
        }
    }
}
