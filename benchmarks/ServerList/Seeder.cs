using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Benchmarks.ServerList;

/// <summary>Fills a registry fast with plain inserts in one transaction; the app itself never writes SQL by hand.</summary>
internal static class Seeder
{
    public static async Task<Actor> SeedAsync(IDbContextFactory<RegistryDbContext> factory, string connectionString, int count)
    {
        await using var db = await factory.CreateDbContextAsync();
        var project = await db.Projects.FirstAsync();
        var registryId = Guid.CreateVersion7().ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();

        await using (var registry = connection.CreateCommand())
        {
            registry.Transaction = transaction;
            registry.CommandText = "INSERT INTO registries (Id, ProjectId, Name, CreatedAt) VALUES ($id, $project, 'default', $now)";
            registry.Parameters.AddWithValue("$id", registryId);
            registry.Parameters.AddWithValue("$project", project.Id);
            registry.Parameters.AddWithValue("$now", DateTime.UtcNow);
            await registry.ExecuteNonQueryAsync();
        }

        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO registry_servers (Id, RegistryId, SavedName, ServerVersion, ServerName, Description, SearchText, McpConfigJson, Transport,
                IsActive, IsSample, ReviewStatus, ApprovedRevision, Revision, CreatedAt, UpdatedAt, CreatedBy, UpdatedBy)
            VALUES ($id, $registry, $name, 'v1', $serverName, $description, lower($name || char(10) || $serverName || char(10) || $description), $config, $transport, $active, 0, $status, NULL, 1, $created, $updated, 'bench', 'bench')
            """;
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        insert.Parameters.AddWithValue("$registry", registryId);
        var name = insert.Parameters.Add("$name", SqliteType.Text);
        var serverName = insert.Parameters.Add("$serverName", SqliteType.Text);
        var description = insert.Parameters.Add("$description", SqliteType.Text);
        var config = insert.Parameters.Add("$config", SqliteType.Text);
        var transport = insert.Parameters.Add("$transport", SqliteType.Text);
        var active = insert.Parameters.Add("$active", SqliteType.Integer);
        var status = insert.Parameters.Add("$status", SqliteType.Text);
        var created = insert.Parameters.Add("$created", SqliteType.Text);
        var updated = insert.Parameters.Add("$updated", SqliteType.Text);
        var start = DateTime.UtcNow.AddDays(-365);
        for (var i = 0; i < count; i++)
        {
            var remote = i % 3 == 0;
            id.Value = Guid.CreateVersion7().ToString();
            name.Value = $"server-{i:D5}";
            serverName.Value = $"@vendor/mcp-{i % 500}";
            description.Value = $"Benchmark server number {i} for tools of family {i % 97}";
            config.Value = remote
                ? "{\"config\":{\"url\":\"https://mcp" + i + ".example.com/mcp\",\"type\":\"http\"}}"
                : "{\"config\":{\"command\":\"npx\",\"args\":[\"-y\",\"@vendor/mcp-" + (i % 500) + "@1.0." + (i % 10) + "\"]},\"denied_tools\":[\"delete_*\"]}";
            transport.Value = remote ? "remote" : "stdio";
            active.Value = i % 10 == 0 ? 0 : 1;
            status.Value = (i % 4) switch { 0 => "pending", 1 => "rejected", _ => "approved" };
            created.Value = start.AddMinutes(i).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);
            updated.Value = start.AddMinutes(i * 2 % (count + 7)).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return new Actor(project.Id, project.Name, "bench", "bench", Role.Admin, Channel.System);
    }
}
