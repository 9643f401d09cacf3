using System.Text.Json.Nodes;

namespace RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>One row of <c>audit_events</c> exactly as stored.</summary>
public sealed record AuditRow(
    string Id,
    string At,
    string Actor,
    string? ActorId,
    string Channel,
    string Action,
    string EntityType,
    string EntityId,
    string EntityName,
    int? Revision,
    string ChangesJson,
    string? Note)
{
    public JsonArray Changes => JsonNode.Parse(ChangesJson)!.AsArray();

    /// <summary>The one change at <paramref name="path"/>; fails when there is none or more than one.</summary>
    public JsonNode Change(string path) =>
        Assert.Single(Changes, c => c!["path"]!.GetValue<string>() == path)!;

    public IReadOnlyList<string> Paths => Changes.Select(c => c!["path"]!.GetValue<string>()).ToList();
}

/// <summary>Reads <c>audit_events</c> straight from the database, bypassing the app, so tests see what is really stored.</summary>
public static class AuditTable
{
    public static async Task<IReadOnlyList<AuditRow>> ReadAllAsync(string connectionString)
    {
        await using var connection = TestProvider.Connect(connectionString);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT "Id", "At", "Actor", "ActorId", "Channel", "Action", "EntityType", "EntityId", "EntityName", "Revision", "ChangesJson", "Note"
            FROM audit_events ORDER BY "At", "Id"
            """;
        await using var reader = await command.ExecuteReaderAsync(Xunit.TestContext.Current.CancellationToken);
        var rows = new List<AuditRow>();
        while (await reader.ReadAsync(Xunit.TestContext.Current.CancellationToken))
        {
            rows.Add(new AuditRow(
                reader.GetString(0),
                Convert.ToString(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)!,
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.GetString(7),
                reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetInt32(9),
                reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetString(11)));
        }

        return rows;
    }

    /// <summary>Every text value of every audit row, for scanning for secrets.</summary>
    public static async Task<IReadOnlyList<string>> ReadAllTextAsync(string connectionString)
    {
        await using var connection = TestProvider.Connect(connectionString);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM audit_events";
        await using var reader = await command.ExecuteReaderAsync(Xunit.TestContext.Current.CancellationToken);
        var values = new List<string>();
        while (await reader.ReadAsync(Xunit.TestContext.Current.CancellationToken))
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (!reader.IsDBNull(i))
                {
                    values.Add(Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
                }
            }
        }

        return values;
    }

    /// <summary>The rows of <paramref name="table"/>, or those matching <paramref name="where"/> (SQL) when given.</summary>
    public static async Task<long> CountAsync(string connectionString, string table, string? where = null)
    {
        await using var connection = TestProvider.Connect(connectionString);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"" + (where is null ? string.Empty : $" WHERE {where}");
        return Convert.ToInt64(await command.ExecuteScalarAsync(Xunit.TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>Remembers the audit rows present now, so a test can ask which rows its own action added.</summary>
public sealed class AuditProbe
{
    private readonly string _connectionString;
    private readonly HashSet<string> _seen;

    private AuditProbe(string connectionString, HashSet<string> seen)
    {
        _connectionString = connectionString;
        _seen = seen;
    }

    public static async Task<AuditProbe> StartAsync(string connectionString) =>
        new(connectionString, (await AuditTable.ReadAllAsync(connectionString)).Select(r => r.Id).ToHashSet());

    /// <summary>The rows added since the probe started (or since the last call to this method), oldest first.</summary>
    public async Task<IReadOnlyList<AuditRow>> NewRowsAsync()
    {
        var fresh = (await AuditTable.ReadAllAsync(_connectionString)).Where(r => !_seen.Contains(r.Id)).ToList();
        _seen.UnionWith(fresh.Select(r => r.Id));
        return fresh;
    }

    /// <summary>The one row added since the last look; fails when there are none or several.</summary>
    public async Task<AuditRow> SingleNewRowAsync()
    {
        var fresh = await NewRowsAsync();
        Assert.True(fresh.Count == 1, $"Expected exactly one new audit event, found {fresh.Count}: {string.Join(", ", fresh.Select(r => r.Action))}");
        return fresh[0];
    }
}
