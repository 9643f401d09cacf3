using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Projects;
using RegistryConsole.Core.Reviews;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Core.Persistence;

/// <summary>
/// A row per cache scope (on PostgreSQL the registry scope's <see cref="PostgresRegistryStripes"/> rows), given a new
/// random stamp by the same <c>SaveChanges</c> as every change in that scope (for the saves SQLite's group commit runs
/// together, once by the group, in their one transaction: <see cref="SqliteGroupCommit"/>). A cache entry remembers the
/// scope's stamp it was built under (<see cref="Combine"/>) and is used only while the rows still hold it, so any
/// instance on the same database sees another instance's change on its very next read (docs/performance.md).
/// </summary>
public sealed class ChangeStamp
{
    /// <summary>Servers, snapshots, gateways, gateway references, projects: what list counts and gateway configs are built from.</summary>
    public const string Registry = "registry";

    /// <summary>API keys, users (a key issued to a user acts as them) and projects, whose name an authenticated caller carries.</summary>
    public const string Access = "access";

    public static readonly IReadOnlyList<string> Scopes = [Registry, Access];

    /// <summary>The table of the stamp rows, for the SQL that reads or writes them without EF (SQLite's probe and group writer).</summary>
    public const string Table = "change_stamps";

    private static readonly HashSet<string> UserFieldsKeysDependOn = new(StringComparer.Ordinal)
    {
        nameof(ApplicationUser.IsDisabled), nameof(ApplicationUser.DisplayName), nameof(ApplicationUser.Email), nameof(ApplicationUser.ProjectId),
    };

    public required string Scope { get; init; }

    public required string Stamp { get; set; }

    /// <summary>
    /// PostgreSQL keeps the registry scope in this many rows ("registry", then "registry#01" to "registry#31"), and each
    /// save stamps one of them. A stamp row is locked from a save's UPDATE until its commit, so with one row every
    /// registry write of every instance waited for the one before it to commit (round 13, docs/performance.md). The
    /// scope's stamp is all of its rows' stamps (<see cref="Combine"/>): a change to any of them is a change of the scope.
    /// SQLite has one writer and one row a scope; the access scope (keys, users) is written rarely and keeps one row.
    /// </summary>
    public const int PostgresRegistryStripes = 32;

    private const char StripeSeparator = '#';

    /// <summary>The keys of PostgreSQL's registry stamp rows, the scope's own first.</summary>
    internal static readonly string[] PostgresRegistryKeys =
        Enumerable.Range(0, PostgresRegistryStripes).Select(stripe => StripeKey(Registry, stripe)).ToArray();

    /// <summary>The key of a scope's stripe row: the scope itself for stripe 0.</summary>
    internal static string StripeKey(string scope, int stripe) => stripe == 0 ? scope : $"{scope}{StripeSeparator}{stripe:D2}";

    /// <summary>The registry scope's stripes after the first (PostgreSQL's seed rows beside <see cref="Scopes"/>' own).</summary>
    internal static IEnumerable<ChangeStamp> FurtherRegistryStripes() =>
        PostgresRegistryKeys.Skip(1).Select(key => new ChangeStamp { Scope = key, Stamp = "initial" });

    /// <summary>
    /// Each scope's stamp from the stamp rows: a scope with one row has that row's stamp; a striped scope has the SHA-256
    /// of its rows' stamps joined in key order (128 bits, in hex), so it changes whenever any of them does, and a cache
    /// entry keeps 32 characters instead of the 32 stamps.
    /// </summary>
    internal static Dictionary<string, string> Combine(IEnumerable<(string Key, string Stamp)> rows)
    {
        var byScope = new Dictionary<string, List<(string Key, string Stamp)>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var separator = row.Key.IndexOf(StripeSeparator, StringComparison.Ordinal);
            var scope = separator < 0 ? row.Key : row.Key[..separator];
            if (!byScope.TryGetValue(scope, out var stripes))
            {
                byScope[scope] = stripes = [];
            }

            stripes.Add(row);
        }

        var stamps = new Dictionary<string, string>(byScope.Count, StringComparer.Ordinal);
        foreach (var (scope, stripes) in byScope)
        {
            if (stripes.Count == 1)
            {
                stamps[scope] = stripes[0].Stamp;
                continue;
            }

            stripes.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            var joined = Encoding.UTF8.GetBytes(string.Join('.', stripes.Select(s => s.Stamp)));
            stamps[scope] = Convert.ToHexString(SHA256.HashData(joined), 0, 16);
        }

        return stamps;
    }

    /// <summary>A stamp no save has written before.</summary>
    internal static string NewStamp() => Guid.NewGuid().ToString("N");

    /// <summary>The scopes the pending changes of <paramref name="tracker"/> touch; <c>last_used_at</c> alone touches none.</summary>
    internal static HashSet<string> TouchedBy(ChangeTracker tracker)
    {
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            switch (entry.Entity)
            {
                case RegistryServer or ServerSnapshot or Gateway or GatewayServer or Servers.Registry:
                    touched.Add(Registry);
                    break;
                case Project:
                    touched.Add(Registry);
                    touched.Add(Access);
                    break;
                case ApplicationUser when entry.State != EntityState.Modified || entry.Properties.Any(p => p.IsModified && UserFieldsKeysDependOn.Contains(p.Metadata.Name)):
                    // A key issued to a user acts as that user (their name) and stops when they are disabled. Sign-in
                    // bookkeeping (failed counts, lock-out, last sign-in) touches nothing: failed sign-ins must not flush caches.
                    touched.Add(Access);
                    break;
                case Microsoft.AspNetCore.Identity.IdentityUserRole<string>:
                    // A key issued to a user may do no more than the user's role.
                    touched.Add(Access);
                    break;
                case ApiKey when entry.State != EntityState.Modified || entry.Properties.Any(p => p.IsModified && p.Metadata.Name != nameof(ApiKey.LastUsedAt)):
                    touched.Add(Access);
                    break;
            }
        }

        return touched;
    }
}
