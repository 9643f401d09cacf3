using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Core.Persistence;

/// <summary>
/// The same model on PostgreSQL, with its own migrations (Persistence/Migrations/Postgres). Only what PostgreSQL needs to
/// behave like SQLite is added here: byte-order ("C") collation on every text column, so ordering and paging are identical
/// to SQLite's BINARY collation and lower() folds ASCII only, like SQLite's; and a pg_trgm GIN index for substring search.
/// </summary>
public sealed class PostgresRegistryDbContext : RegistryDbContext
{
    /// <summary>
    /// One constructor taking any options (the app's <c>DbContextOptions&lt;RegistryDbContext&gt;</c>, or the pool's
    /// <c>DbContextOptions&lt;PostgresRegistryDbContext&gt;</c>): EF pools only a context with a single such constructor.
    /// </summary>
    public PostgresRegistryDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>Byte order, as SQLite compares text; also keeps the model independent of the server's default locale.</summary>
    public const string Collation = "C";

    /// <summary>The trigram index serving <c>LIKE '%term%'</c> on the lowered search text.</summary>
    public const string SearchTrigramIndex = "ix_registry_servers_search_text_trgm";

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<string>().UseCollation(Collation);

        // JSON columns are text too (JsonColumn): the same collation keeps them as they were mapped as strings.
        configurationBuilder.Properties<System.Text.Json.Nodes.JsonObject>().UseCollation(Collation);
        configurationBuilder.Properties<System.Text.Json.Nodes.JsonArray>().UseCollation(Collation);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it without superuser rights.
        builder.HasPostgresExtension("pg_trgm");

        // The registry scope's further stamp rows, so that concurrent writes stamp different rows (ChangeStamp.PostgresRegistryStripes).
        builder.Entity<ChangeStamp>().HasData(ChangeStamp.FurtherRegistryStripes());
        builder.Entity<RegistryServer>()
            .HasIndex(s => s.SearchText)
            .HasDatabaseName(SearchTrigramIndex)
            .HasMethod("gin")
            .HasOperators("gin_trgm_ops");
    }
}
