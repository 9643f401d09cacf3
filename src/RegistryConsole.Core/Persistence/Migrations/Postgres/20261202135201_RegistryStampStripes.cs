using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace RegistryConsole.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RegistryStampStripes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.InsertData(
                table: "change_stamps",
                columns: new[] { "Scope", "Stamp" },
                values: new object[,]
                {
                    { "registry#01", "initial" },
                    { "registry#02", "initial" },
                    { "registry#03", "initial" },
                    { "registry#04", "initial" },
                    { "registry#05", "initial" },
                    { "registry#06", "initial" },
                    { "registry#07", "initial" },
                    { "registry#08", "initial" },
                    { "registry#09", "initial" },
                    { "registry#10", "initial" },
                    { "registry#11", "initial" },
                    { "registry#12", "initial" },
                    { "registry#13", "initial" },
                    { "registry#14", "initial" },
                    { "registry#15", "initial" },
                    { "registry#16", "initial" },
                    { "registry#17", "initial" },
                    { "registry#18", "initial" },
                    { "registry#19", "initial" },
                    { "registry#20", "initial" },
                    { "registry#21", "initial" },
                    { "registry#22", "initial" },
                    { "registry#23", "initial" },
                    { "registry#24", "initial" },
                    { "registry#25", "initial" },
                    { "registry#26", "initial" },
                    { "registry#27", "initial" },
                    { "registry#28", "initial" },
                    { "registry#29", "initial" },
                    { "registry#30", "initial" },
                    { "registry#31", "initial" }
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#01");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#02");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#03");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#04");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#05");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#06");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#07");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#08");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#09");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#10");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#11");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#12");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#13");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#14");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#15");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#16");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#17");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#18");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#19");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#20");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#21");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#22");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#23");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#24");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#25");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#26");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#27");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#28");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#29");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#30");

            migrationBuilder.DeleteData(
                table: "change_stamps",
                keyColumn: "Scope",
                keyValue: "registry#31");
        }
    }
}
