using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Core.Persistence;

/// <summary>
/// Publishes the scopes a <c>SaveChanges</c> touched (<see cref="ChangeStamp.TouchedBy"/>) to <see cref="IRegistryChanges"/>
/// once they are committed: at once when <c>SaveChanges</c> ran in its own transaction (or none), at <c>Commit</c> when a
/// service opened one around several saves (a review), never when that transaction rolls back. An interceptor rather than
/// a line in <see cref="RegistryDbContext.SaveChanges(bool)"/> because pooled contexts take no services, and because
/// only the transaction sees the commit. A save in a SQLite group commit runs in the group's transaction; the group
/// reports its commit or rollback through <see cref="IGroupCommitListener"/>.
/// </summary>
public sealed class RegistryChangesInterceptor(IRegistryChanges changes) : ISaveChangesInterceptor, IDbTransactionInterceptor, IGroupCommitListener
{
    // Scopes saved but not yet committed, per context (a context is used by one thread at a time).
    private readonly ConditionalWeakTable<DbContext, HashSet<string>> _pending = new();

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        AfterSave(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        AfterSave(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => AfterFailure(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        AfterFailure(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Flush(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Flush(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Discard(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    void IGroupCommitListener.Committed(DbContext context) => Flush(context);

    void IGroupCommitListener.RolledBack(DbContext context) => Discard(context);

    private void Collect(DbContext? context)
    {
        if (context is not null)
        {
            _pending.GetOrCreateValue(context).UnionWith(ChangeStamp.TouchedBy(context.ChangeTracker));
        }
    }

    /// <summary>No transaction open any more: the save committed (its own transaction already flushed, or it needed none).</summary>
    private void AfterSave(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null)
        {
            Flush(context);
        }
    }

    /// <summary>Outside a service's transaction a failed save committed nothing; inside one, the commit or rollback decides.</summary>
    private void AfterFailure(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null)
        {
            Discard(context);
        }
    }

    private void Flush(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var scopes) || scopes.Count == 0)
        {
            return;
        }

        var committed = scopes.ToArray();
        scopes.Clear();
        foreach (var scope in committed)
        {
            changes.Publish(scope);
        }
    }

    private void Discard(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var scopes))
        {
            scopes.Clear();
        }
    }
}
