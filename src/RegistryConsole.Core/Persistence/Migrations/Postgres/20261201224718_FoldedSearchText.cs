using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RegistryConsole.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FoldedSearchText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SearchText",
                table: "gateways",
                type: "text",
                nullable: false,
                defaultValue: "",
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "ActorFolded",
                table: "audit_events",
                type: "character varying(256)",
                maxLength: 256,
                nullable: false,
                defaultValue: "",
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "EntityNameFolded",
                table: "audit_events",
                type: "character varying(300)",
                maxLength: 300,
                nullable: false,
                defaultValue: "",
                collation: "C");

            // Rows written before this migration: folded here by SQL lower(), which folds ASCII only (as their search did
            // until now); every row written from now on is folded by .NET (TextFolding), and a gateway again on its next change.
            migrationBuilder.Sql("""UPDATE gateways SET "SearchText" = lower("SavedName" || chr(10) || coalesce("Description", ''))""");
            migrationBuilder.Sql("""UPDATE audit_events SET "EntityNameFolded" = lower("EntityName"), "ActorFolded" = lower("Actor")""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SearchText",
                table: "gateways");

            migrationBuilder.DropColumn(
                name: "ActorFolded",
                table: "audit_events");

            migrationBuilder.DropColumn(
                name: "EntityNameFolded",
                table: "audit_events");
        }
    }
}
