using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RegistryConsole.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class McpRegistrySettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "PublicCatalog",
                table: "projects",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "RegistryNamespace",
                table: "projects",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PublicCatalog",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "RegistryNamespace",
                table: "projects");
        }
    }
}
