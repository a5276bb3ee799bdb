using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Workspaces.Data.PostgreSql.Migrations.People
{
    /// <inheritdoc />
    public partial class Companies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "companies",
                schema: "__Workspace__",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ExternalId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Traits = table.Column<string>(type: "jsonb", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_companies", x => x.Seq);
                });

            migrationBuilder.CreateTable(
                name: "memberships",
                schema: "__Workspace__",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CompanySeq = table.Column<long>(type: "bigint", nullable: false),
                    PersonSeq = table.Column<long>(type: "bigint", nullable: false),
                    Attributes = table.Column<string>(type: "jsonb", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_memberships", x => x.Seq);
                    table.ForeignKey(
                        name: "FK_memberships_companies_CompanySeq",
                        column: x => x.CompanySeq,
                        principalSchema: "__Workspace__",
                        principalTable: "companies",
                        principalColumn: "Seq",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_memberships_people_PersonSeq",
                        column: x => x.PersonSeq,
                        principalSchema: "__Workspace__",
                        principalTable: "people",
                        principalColumn: "Seq",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_companies_ExternalId",
                schema: "__Workspace__",
                table: "companies",
                column: "ExternalId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_companies_Id",
                schema: "__Workspace__",
                table: "companies",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_memberships_CompanySeq_PersonSeq",
                schema: "__Workspace__",
                table: "memberships",
                columns: new[] { "CompanySeq", "PersonSeq" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_memberships_CompanySeq_Seq",
                schema: "__Workspace__",
                table: "memberships",
                columns: new[] { "CompanySeq", "Seq" });

            migrationBuilder.CreateIndex(
                name: "IX_memberships_PersonSeq_Seq",
                schema: "__Workspace__",
                table: "memberships",
                columns: new[] { "PersonSeq", "Seq" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "memberships",
                schema: "__Workspace__");

            migrationBuilder.DropTable(
                name: "companies",
                schema: "__Workspace__");
        }
    }
}
