using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking.Internal;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.EntityFrameworkCore.Update;
using Microsoft.EntityFrameworkCore.Update.Internal;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Caching;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Projects;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Core.Persistence;

/// <summary>
/// The unit of work. One context per service call (created from <see cref="IDbContextFactory{TContext}"/>).
/// This type is the SQLite model (its migrations live in Persistence/Migrations); <see cref="PostgresRegistryDbContext"/>
/// derives from it for PostgreSQL (migrations in Persistence/Migrations/Postgres). Services only ever see this type.
/// </summary>
public class RegistryDbContext : IdentityDbContext<ApplicationUser>, IDataProtectionKeyContext
{
    public RegistryDbContext(DbContextOptions<RegistryDbContext> options)
        : base(options)
    {
    }

    /// <summary>For a provider's derived context, which carries its own options type and migrations.</summary>
    protected RegistryDbContext(DbContextOptions options)
        : base(options)
    {
    }

    // PostgreSQL's registry stamp rows are taken in turn (RegistryStampKey); each process starts its turn at a random
    // row, so that instances started together do not take the same rows in step.
    private static int _nextRegistryStripe = Random.Shared.Next(ChangeStamp.PostgresRegistryStripes);

    // A grouped save's batches and the count of changed entries they were built from (PrepareGroupedSave).
    private (List<ModificationCommandBatch> Batches, int ChangedCount)? _prepared;

    // The transaction whose saves stamp _transactionStripe (RegistryStampKey); a later transaction takes a row of its own.
    private Guid _stripeTransaction;
    private string? _transactionStripe;

    public DbSet<Project> Projects => Set<Project>();

    public DbSet<Registry> Registries => Set<Registry>();

    public DbSet<RegistryServer> Servers => Set<RegistryServer>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<Gateways.Gateway> Gateways => Set<Gateways.Gateway>();

    public DbSet<Gateways.GatewayServer> GatewayServers => Set<Gateways.GatewayServer>();

    public DbSet<Reviews.ServerSnapshot> ServerSnapshots => Set<Reviews.ServerSnapshot>();

    public DbSet<Audit.AuditEvent> AuditEvents => Set<Audit.AuditEvent>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<ChangeStamp> ChangeStamps => Set<ChangeStamp>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var (autoDetect, _) = BeforeSave(stamp: true);
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    /// <summary>
    /// Saves in one transaction, as EF does; on a SQLite file a save outside a transaction of the caller's is grouped
    /// with the saves that arrive meanwhile into one commit (<see cref="SqliteGroupCommit"/>), with the same outcome.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        // Changes are detected here, on the caller's thread, not in the group's one writer. A grouped save's stamps are
        // written by the writer, once per group and scope, in the group's transaction (SqliteGroupCommit); any other
        // save writes its own.
        var group = SqliteGroupCommit.For(this);
        var (autoDetect, touched) = BeforeSave(stamp: group is null);
        try
        {
            if (group is null)
            {
                return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            }

            // Its batches are built here too (PreparedBatchExecutor), and accepted here after the group committed.
            PrepareGroupedSave();
            var saved = await group.SaveAsync(this, touched, cancellationToken);
            if (acceptAllChangesOnSuccess)
            {
                ChangeTracker.AcceptAllChanges();
            }

            return saved;
        }
        finally
        {
            _prepared = null;
            ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    /// <summary>
    /// Builds the batches of the pending changes (SQL, parameters, serialized JSON columns, order) the way EF's own save
    /// would, for <see cref="PreparedBatchExecutor"/> to run in the group's writer instead of building them there.
    /// </summary>
    /// <remarks>
    /// Not when a value is temporary (a key the database generates, or a foreign key to one): EF reads a batch's values
    /// as it builds it, so a child's batch must be built after its parent's row came back with the real key. Those saves
    /// (no registry row has such a key) are built by EF in the writer, as before.
    /// </remarks>
    internal void PrepareGroupedSave()
    {
#pragma warning disable EF1001 // the state manager's entries to save and EF's batch preparer: exactly what its own save uses
        var stateManager = this.GetService<IStateManager>();
        var entries = stateManager.GetEntriesToSave(cascadeChanges: true);
        if (entries.Count == 0 || entries.Any(HasTemporaryValue))
        {
            return;
        }

        _prepared = ([.. this.GetService<ICommandBatchPreparer>().BatchCommands(entries, this.GetService<IUpdateAdapterFactory>().Create())], stateManager.ChangedCount);
#pragma warning restore EF1001
    }

    /// <summary>
    /// The batches <see cref="PrepareGroupedSave"/> built, once: a later save of this context builds its own. None when
    /// the number of changed entities moved since they were built (a saving interceptor added, changed or removed one):
    /// EF then builds the batches of what is pending now.
    /// </summary>
    internal IReadOnlyList<ModificationCommandBatch>? TakePreparedBatches()
    {
        var prepared = _prepared;
        _prepared = null;
#pragma warning disable EF1001 // the state manager's count of changed entries, as EF's own save reads it
        return prepared is { } built && this.GetService<IStateManager>().ChangedCount == built.ChangedCount ? built.Batches : null;
#pragma warning restore EF1001
    }

    private static bool HasTemporaryValue(IUpdateEntry entry) => entry.EntityType.GetProperties().Any(entry.HasTemporaryValue);

    /// <summary>
    /// The last save of a context that is disposed right after, without being read through again: the changes are not
    /// accepted, since accepting snapshots every JSON column of every saved row (a deep copy each) for nothing.
    /// </summary>
    public Task<int> SaveLastChangesAsync(CancellationToken cancellationToken) =>
        SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);

    /// <summary>
    /// The save itself, in a group commit's transaction: <see cref="SaveChangesAsync(bool, CancellationToken)"/> detected
    /// and stamped the changes before, and accepts them after the group committed.
    /// </summary>
    internal int SaveInGroup() => base.SaveChanges(acceptAllChangesOnSuccess: false);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC; SQLite keeps no kind, so restore it on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();

        // JSON columns are nodes in the model and text in the database (JsonColumn).
        configurationBuilder.Properties<System.Text.Json.Nodes.JsonObject>().HaveConversion<JsonColumnConverter<System.Text.Json.Nodes.JsonObject>, JsonColumnComparer<System.Text.Json.Nodes.JsonObject>>();
        configurationBuilder.Properties<System.Text.Json.Nodes.JsonArray>().HaveConversion<JsonColumnConverter<System.Text.Json.Nodes.JsonArray>, JsonColumnComparer<System.Text.Json.Nodes.JsonArray>>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(RegistryDbContext).Assembly);
    }

    /// <summary>
    /// Detects changes once, then stamps them with automatic detection off until the save ends: every <c>Entries()</c>
    /// (the stamps, the change publisher's interceptor, EF's own save) would otherwise compare every JSON column of every
    /// tracked entity again, which was a quarter of a bulk-add's CPU. Returns the setting to restore and the cache scopes
    /// the changes touch, stamped here when <paramref name="stamp"/> (else by the group commit's writer).
    /// </summary>
    private (bool AutoDetect, IReadOnlyCollection<string> Touched) BeforeSave(bool stamp)
    {
        // This flow's request snapshot must not serve its next read the stamps from before its own change.
        RequestStamps.Forget();
        var autoDetect = ChangeTracker.AutoDetectChangesEnabled;
        if (autoDetect)
        {
            ChangeTracker.DetectChanges();
        }

        ChangeTracker.AutoDetectChangesEnabled = false;
        FoldGatewaySearchText();
        var touched = ChangeStamp.TouchedBy(ChangeTracker);
        if (stamp)
        {
            StampChanges(touched);
        }

        return (autoDetect, touched);
    }

    /// <summary>A gateway's search text follows its name and description, whichever code path changed them.</summary>
    private void FoldGatewaySearchText()
    {
        foreach (var entry in ChangeTracker.Entries<Gateway>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                var folded = Gateway.SearchTextOf(entry.Entity.SavedName, entry.Entity.Description);
                if (entry.Entity.SearchText != folded)
                {
                    entry.Property(g => g.SearchText).CurrentValue = folded;
                }
            }
        }
    }

    /// <summary>New stamps for the cache scopes the pending changes touch, written in the same SaveChanges (one transaction).</summary>
    private void StampChanges(IEnumerable<string> touched)
    {
        foreach (var scope in touched)
        {
            var key = scope == ChangeStamp.Registry ? RegistryStampKey() : scope;
            var stamp = ChangeStamp.NewStamp();
            var tracked = ChangeTracker.Entries<ChangeStamp>().FirstOrDefault(e => e.Entity.Scope == key);
            if (tracked is not null)
            {
                tracked.Entity.Stamp = stamp;
                tracked.State = EntityState.Modified;
            }
            else
            {
                // No read first: an UPDATE of the seeded row by its key.
                Entry(new ChangeStamp { Scope = key, Stamp = stamp }).State = EntityState.Modified;
            }
        }
    }

    /// <summary>
    /// The registry stamp row a save of this context updates. PostgreSQL: one of the scope's stripes
    /// (<see cref="ChangeStamp.PostgresRegistryStripes"/>), taken in turn by this process's saves, so that concurrent
    /// writes lock different rows; within one transaction always the same row (<see cref="RowLocks"/> locks it first).
    /// </summary>
    internal string RegistryStampKey()
    {
        if (this is not PostgresRegistryDbContext)
        {
            return ChangeStamp.Registry;
        }

        var transaction = Database.CurrentTransaction;
        if (transaction is null)
        {
            return NextRegistryStripe();
        }

        if (transaction.TransactionId != _stripeTransaction || _transactionStripe is null)
        {
            _stripeTransaction = transaction.TransactionId;
            _transactionStripe = NextRegistryStripe();
        }

        return _transactionStripe!;
    }

    private static string NextRegistryStripe() =>
        ChangeStamp.PostgresRegistryKeys[(int)((uint)Interlocked.Increment(ref _nextRegistryStripe) % (uint)ChangeStamp.PostgresRegistryKeys.Length)];

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v.HasValue ? v.Value.ToUniversalTime() : v,
        v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);
}
