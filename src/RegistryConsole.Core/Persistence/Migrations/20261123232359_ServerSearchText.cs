using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RegistryConsole.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ServerSearchText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_registry_servers_RegistryId_CreatedAt",
                table: "registry_servers");

            migrationBuilder.DropIndex(
                name: "IX_registry_servers_RegistryId_UpdatedAt",
                table: "registry_servers");

            migrationBuilder.AddColumn<string>(
                name: "SearchText",
                table: "registry_servers",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            // Existing rows get their search text once; every later write keeps it up to date.
            migrationBuilder.Sql("UPDATE \"registry_servers\" SET \"SearchText\" = lower(\"SavedName\" || '\n' || coalesce(\"ServerName\", '') || '\n' || coalesce(\"Description\", ''))");

            migrationBuilder.CreateIndex(
                name: "IX_registry_servers_RegistryId_CreatedAt_SavedName_ServerVersion",
                table: "registry_servers",
                columns: new[] { "RegistryId", "CreatedAt", "SavedName", "ServerVersion" });

            migrationBuilder.CreateIndex(
                name: "IX_registry_servers_RegistryId_UpdatedAt_SavedName_ServerVersion",
                table: "registry_servers",
                columns: new[] { "RegistryId", "UpdatedAt", "SavedName", "ServerVersion" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_registry_servers_RegistryId_CreatedAt_SavedName_ServerVersion",
                table: "registry_servers");

            migrationBuilder.DropIndex(
                name: "IX_registry_servers_RegistryId_UpdatedAt_SavedName_ServerVersion",
                table: "registry_servers");

            migrationBuilder.DropColumn(
                name: "SearchText",
                table: "registry_servers");

            migrationBuilder.CreateIndex(
                name: "IX_registry_servers_RegistryId_CreatedAt",
                table: "registry_servers",
                columns: new[] { "RegistryId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_registry_servers_RegistryId_UpdatedAt",
                table: "registry_servers",
                columns: new[] { "RegistryId", "UpdatedAt" });
        }
    }
}
