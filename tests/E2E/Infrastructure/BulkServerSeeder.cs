using System.Globalization;
using Microsoft.Data.Sqlite;
using RegistryConsole.Core.Projects;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Tests.E2E.Infrastructure;

/// <summary>
/// Fills a registry with many servers fast: plain inserts in one transaction straight into the app's SQLite file
/// (the approach of benchmarks/ServerList/Seeder.cs). Every NOT NULL column of registry_servers is filled, SearchText
/// exactly as the app computes it. Names are <c>server-00000</c> .. so a test knows what a search must find.
/// </summary>
public static class BulkServerSeeder
{
    public static string NameOf(int i) => $"server-{i:D5}";

    /// <summary>Every tenth server is deleted (server-00000 among them): the first row of the default (active) grid is this one.</summary>
    public static string FirstActiveName => NameOf(1);

    public static bool IsActive(int i) => i % 10 != 0;

    public static async Task SeedAsync(string connectionString, int count, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);

        string projectId;
        await using (var project = connection.CreateCommand())
        {
            project.Transaction = transaction;
            project.CommandText = "SELECT Id FROM projects WHERE Name = $name";
            project.Parameters.AddWithValue("$name", Project.DefaultName);
            projectId = (string)(await project.ExecuteScalarAsync(cancellationToken) ?? throw new InvalidOperationException("The app has not created its default project"));
        }

        var registryId = Guid.CreateVersion7().ToString();
        await using (var registry = connection.CreateCommand())
        {
            registry.Transaction = transaction;
            registry.CommandText = "INSERT INTO registries (Id, ProjectId, Name, CreatedAt) VALUES ($id, $project, $name, $now)";
            registry.Parameters.AddWithValue("$id", registryId);
            registry.Parameters.AddWithValue("$project", projectId);
            registry.Parameters.AddWithValue("$name", Registry.DefaultName);
            registry.Parameters.AddWithValue("$now", DateTime.UtcNow);
            await registry.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO registry_servers (Id, RegistryId, SavedName, ServerVersion, ServerName, Description, SearchText, McpConfigJson, Transport,
                IsActive, IsSample, ReviewStatus, ApprovedRevision, Revision, CreatedAt, UpdatedAt, CreatedBy, UpdatedBy)
            VALUES ($id, $registry, $name, 'v1', $serverName, $description, $search, $config, $transport,
                $active, 0, $status, NULL, 1, $created, $updated, 'e2e-seed', 'e2e-seed')
            """;
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        insert.Parameters.AddWithValue("$registry", registryId);
        var name = insert.Parameters.Add("$name", SqliteType.Text);
        var serverName = insert.Parameters.Add("$serverName", SqliteType.Text);
        var description = insert.Parameters.Add("$description", SqliteType.Text);
        var search = insert.Parameters.Add("$search", SqliteType.Text);
        var config = insert.Parameters.Add("$config", SqliteType.Text);
        var transport = insert.Parameters.Add("$transport", SqliteType.Text);
        var active = insert.Parameters.Add("$active", SqliteType.Integer);
        var status = insert.Parameters.Add("$status", SqliteType.Text);
        var created = insert.Parameters.Add("$created", SqliteType.Text);
        var updated = insert.Parameters.Add("$updated", SqliteType.Text);
        insert.Prepare();
        var start = DateTime.UtcNow.AddDays(-365);
        for (var i = 0; i < count; i++)
        {
            var remote = i % 3 == 0;
            id.Value = Guid.CreateVersion7().ToString();
            name.Value = NameOf(i);
            serverName.Value = $"@vendor/mcp-{i % 500}";
            description.Value = $"Seeded server number {i} for tools of family {i % 97}";
            search.Value = SearchTextOf((string)name.Value, (string)serverName.Value, (string)description.Value);
            config.Value = remote
                ? "{\"config\":{\"url\":\"https://mcp" + i + ".example.com/mcp\",\"type\":\"http\"}}"
                : "{\"config\":{\"command\":\"npx\",\"args\":[\"-y\",\"@vendor/mcp-" + (i % 500) + "@1.0." + (i % 10) + "\"]},\"denied_tools\":[\"delete_*\"]}";
            transport.Value = remote ? Transports.Remote : Transports.Stdio;
            active.Value = IsActive(i) ? 1 : 0;
            status.Value = (i % 4) switch { 0 => "pending", 1 => "rejected", _ => "approved" };
            created.Value = Timestamp(start.AddMinutes(i));
            updated.Value = Timestamp(start.AddMinutes(i * 2 % (count + 7)));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>As ServerDocument.SearchTextOf (internal to Core) computes it on every write.</summary>
    private static string SearchTextOf(string savedName, string serverName, string description) =>
        string.Join('\n', savedName, serverName, description).ToLowerInvariant();

    /// <summary>How EF Core's SQLite provider stores a DateTime.</summary>
    private static string Timestamp(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
}
