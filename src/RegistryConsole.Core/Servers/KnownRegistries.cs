using System.Collections.Concurrent;
using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Core.Servers;

/// <summary>
/// The projects' registries, remembered once read. A registry row never changes (every property is init-only) and is
/// never deleted, so a remembered one stays true on every instance that shares the database; a project without one
/// yet is not remembered, and is looked up again until its first server creates it. Only read paths use this, with
/// their own context outside any transaction, so a registry is remembered only once committed. list-servers looked its
/// registry up on every call: a tenth of its CPU at 100,000 servers (docs/performance.md, round 11).
/// </summary>
internal sealed class KnownRegistries
{
    // One entry per project; past this many projects the rest are simply read each time.
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Registry> _byProject = new(StringComparer.Ordinal);

    public async ValueTask<Registry?> FindAsync(RegistryDbContext db, string projectId, CancellationToken cancellationToken)
    {
        if (_byProject.TryGetValue(projectId, out var known))
        {
            return known;
        }

        var registry = await RegistryLookup.FindAsync(db, projectId, cancellationToken);
        if (registry is not null && _byProject.Count < Capacity)
        {
            _byProject.TryAdd(projectId, registry);
        }

        return registry;
    }
}
