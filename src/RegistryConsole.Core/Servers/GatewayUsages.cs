using System.Data.Common;
using System.Linq.Expressions;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Core.Servers;

/// <summary>
/// list-gateways-by-server's queries, written once: compiled for EF (any provider), and the statement the SQLite
/// prepared reader runs (<see cref="IPreparedGatewayUsages"/>), so both read exactly the same rows. Building and
/// translating their LINQ on every call was a third of the request's CPU (docs/performance.md, round 11).
/// </summary>
internal static class GatewayUsages
{
    /// <summary>One page of the gateways that reference a server, in gateway order, as the reply's items.</summary>
    public static readonly Expression<Func<RegistryDbContext, string, int, int, IQueryable<GatewayUsageDto>>> PageQuery = (db, serverId, skip, take) =>
        db.GatewayServers.AsNoTracking().Where(r => r.ServerId == serverId)
            .Join(db.Gateways.AsNoTracking(), r => r.GatewayId, g => g.Id, (r, g) => new { Reference = r, Gateway = g })
            .OrderBy(x => x.Gateway.SavedName).ThenBy(x => x.Gateway.Version)
            .Skip(skip).Take(take)
            .Select(x => new GatewayUsageDto
            {
                GatewaySavedName = x.Gateway.SavedName,
                GatewayVersion = x.Gateway.Version,
                GatewayId = x.Gateway.Id,
                IsActive = x.Gateway.IsActive,
                Overrides = x.Reference.Overrides,
                CommonOverrides = x.Gateway.CommonOverrides,
            });

    // The columns PageQuery reads, in its order, named by EF after the reply's members (checked against the statement's
    // own names before the first row is read).
    private static readonly string[] PageColumns =
    [
        nameof(GatewayUsageDto.GatewaySavedName), nameof(GatewayUsageDto.GatewayVersion), nameof(GatewayUsageDto.GatewayId),
        nameof(GatewayUsageDto.IsActive), nameof(GatewayUsageDto.Overrides), nameof(GatewayUsageDto.CommonOverrides),
    ];

    private static readonly Func<RegistryDbContext, string, int, int, IQueryable<GatewayUsageDto>> Page = PageQuery.Compile();

    private static readonly CompiledPerModel<Func<RegistryDbContext, string, int, int, IAsyncEnumerable<GatewayUsageDto>>> CompiledPage = new(() => EF.CompileAsyncQuery(PageQuery));

    // Every reference row has its gateway (a foreign key; gateways are only ever soft-deleted), so the count needs no
    // join: it reads the (server) index alone.
    private static readonly CompiledPerModel<Func<RegistryDbContext, string, CancellationToken, Task<int>>> CompiledCount = new(() =>
        EF.CompileAsyncQuery((RegistryDbContext db, string serverId, CancellationToken _) => db.GatewayServers.Count(r => r.ServerId == serverId)));

    public static Task<int> CountAsync(RegistryDbContext db, string serverId, CancellationToken cancellationToken) =>
        CompiledCount.For(db)(db, serverId, cancellationToken);

    public static async Task<List<GatewayUsageDto>> PageAsync(RegistryDbContext db, string serverId, int skip, int take, CancellationToken cancellationToken)
    {
        var items = new List<GatewayUsageDto>();
        await foreach (var item in CompiledPage.For(db)(db, serverId, skip, take).WithCancellation(cancellationToken))
        {
            items.Add(item);
        }

        return items;
    }

    /// <summary><see cref="PageQuery"/> as EF writes it for SQLite, with its reader: arguments server, skip, take.</summary>
    public static (PreparedSql Sql, Func<DbDataReader, GatewayUsageDto> Read) Prepare(RegistryDbContext db)
    {
        var (server, skip, take) = (PreparedSql.TextSentinel(0), PreparedSql.NumberSentinel(1), PreparedSql.NumberSentinel(2));
        var sql = PreparedSql.Of(Page(db, server, skip, take), [server, skip, take]);
        var overrides = JsonReader(db, typeof(GatewayServer), nameof(GatewayServer.Overrides));
        var common = JsonReader(db, typeof(Gateway), nameof(Gateway.CommonOverrides));
        var checkedNames = false;
        return (sql, reader =>
        {
            if (!checkedNames)
            {
                var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
                if (!names.SequenceEqual(PageColumns, StringComparer.Ordinal))
                {
                    throw new InvalidOperationException($"The gateway usage page reads {string.Join(", ", names)}, not {string.Join(", ", PageColumns)}.");
                }

                checkedNames = true;
            }

            return new GatewayUsageDto
            {
                GatewaySavedName = reader.GetString(0),
                GatewayVersion = reader.GetString(1),
                GatewayId = reader.GetString(2),
                IsActive = reader.GetBoolean(3),
                Overrides = overrides(reader.GetString(4)),
                CommonOverrides = common(reader.GetString(5)),
            };
        });
    }

    /// <summary>The model's own converter of a JSON column, from its stored text.</summary>
    private static Func<string, JsonObject> JsonReader(RegistryDbContext db, Type entity, string property)
    {
        var converter = ((RelationalTypeMapping)db.Model.FindEntityType(entity)!.FindProperty(property)!.GetTypeMapping()).Converter
            ?? throw new InvalidOperationException($"{entity.Name}.{property} has no converter.");
        return text => (JsonObject)converter.ConvertFromProvider(text)!;
    }
}

/// <summary>list-gateways-by-server's page read without EF's query pipeline (SQLite: a statement prepared once per connection).</summary>
internal interface IPreparedGatewayUsages
{
    /// <summary>One page of <see cref="GatewayUsages.PageQuery"/>; null when the reader is busy (the caller reads with EF).</summary>
    Task<List<GatewayUsageDto>?> ReadUsagesAsync(string serverId, int skip, int take, CancellationToken cancellationToken);
}
