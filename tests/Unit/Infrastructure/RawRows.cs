namespace RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>Reads rows straight from the test database, bypassing the app (to prove what a call did not write).</summary>
public static class RawRows
{
    /// <summary>Every column of every row <paramref name="sql"/> returns, one string per row, in query order.</summary>
    public static async Task<IReadOnlyList<string>> ReadAsync(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        var token = Xunit.TestContext.Current.CancellationToken;
        await using var connection = TestProvider.Connect(connectionString);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.With(name, value);
        }

        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(token);
        while (await reader.ReadAsync(token))
        {
            var cells = Enumerable.Range(0, reader.FieldCount)
                .Select(i => $"{reader.GetName(i)}={(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))}");
            rows.Add(string.Join("|", cells));
        }

        return rows;
    }
}
