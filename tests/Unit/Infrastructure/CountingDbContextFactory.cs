using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>Counts the contexts created through it: for readers that create one per database read, the number of reads.</summary>
public sealed class CountingDbContextFactory(IDbContextFactory<RegistryDbContext> inner) : IDbContextFactory<RegistryDbContext>
{
    private int _created;

    public int Created => Volatile.Read(ref _created);

    public void Reset() => Interlocked.Exchange(ref _created, 0);

    public RegistryDbContext CreateDbContext()
    {
        Interlocked.Increment(ref _created);
        return inner.CreateDbContext();
    }

    public async Task<RegistryDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _created);
        return await inner.CreateDbContextAsync(cancellationToken);
    }
}
