using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workspaces.Data.PostgreSql.Migrations.ControlPlane
{
    /// <inheritdoc />
    public partial class WorkspaceServers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MovingTo",
                schema: "control",
                table: "workspaces",
                type: "character varying(63)",
                maxLength: 63,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Server",
                schema: "control",
                table: "workspaces",
                type: "character varying(63)",
                maxLength: 63,
                nullable: false,
                defaultValue: "default");

            migrationBuilder.CreateIndex(
                name: "IX_workspaces_Server",
                schema: "control",
                table: "workspaces",
                column: "Server");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_workspaces_Server",
                schema: "control",
                table: "workspaces");

            migrationBuilder.DropColumn(
                name: "MovingTo",
                schema: "control",
                table: "workspaces");

            migrationBuilder.DropColumn(
                name: "Server",
                schema: "control",
                table: "workspaces");
        }
    }
}
