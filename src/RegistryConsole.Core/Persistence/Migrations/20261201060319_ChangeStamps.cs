using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace RegistryConsole.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ChangeStamps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "change_stamps",
                columns: table => new
                {
                    Scope = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Stamp = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_change_stamps", x => x.Scope);
                });

            migrationBuilder.InsertData(
                table: "change_stamps",
                columns: new[] { "Scope", "Stamp" },
                values: new object[,]
                {
                    { "access", "initial" },
                    { "registry", "initial" }
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "change_stamps");
        }
    }
}
