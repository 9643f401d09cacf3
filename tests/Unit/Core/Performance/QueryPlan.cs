using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Persistence;

using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Core.Performance;

/// <summary>SQLite's EXPLAIN QUERY PLAN of an EF query (its "detail" lines), to assert a query seeks through indexes.</summary>
public static class QueryPlan
{
    public static async Task<IReadOnlyList<string>> ExplainAsync<T>(RegistryDbContext db, IQueryable<T> query)
    {
        TestProvider.RequireSqlite("reads SQLite's EXPLAIN QUERY PLAN");

        // ToQueryString gives ".param set @name value" lines, then the SQL.
        var lines = query.ToQueryString().Split('\n');
        var parameters = lines.TakeWhile(l => l.StartsWith(".param set ", StringComparison.Ordinal))
            .Select(l => l[".param set ".Length..].TrimEnd('\r').Split(' ', 2))
            .ToList();
        var sql = string.Join('\n', lines.Skip(parameters.Count));
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
            foreach (var parameter in parameters)
            {
                var literal = parameter[1];
                explain.Parameters.AddWithValue(parameter[0], literal.StartsWith('\'') ? literal[1..^1].Replace("''", "'", StringComparison.Ordinal) : literal == "NULL" ? DBNull.Value : long.Parse(literal, System.Globalization.CultureInfo.InvariantCulture));
            }

            var plan = new List<string>();
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }

            return plan;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
