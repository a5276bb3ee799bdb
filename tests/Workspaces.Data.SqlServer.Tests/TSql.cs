using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Workspaces.Data.SqlServer.Tests;

// Parses T-SQL as SQL Server 2022 does (syntax only: ScriptDom knows no tables, nor which version added a function).
// A statement inside EXEC(N'...') is only a string to the parser, so each such body is parsed in turn.
internal static class TSql
{
    public sealed record Parsed(IReadOnlyList<string> Errors, IReadOnlyList<string> SchemaNames, int ExecBodies);

    public static Parsed Parse(string sql)
    {
        var errors = new List<string>();
        var schemas = new List<string>();
        var bodies = 0;
        Walk(sql, errors, schemas, ref bodies);
        return new(errors, schemas, bodies);
    }

    private static void Walk(string sql, List<string> errors, List<string> schemas, ref int bodies)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        var fragment = parser.Parse(reader, out var parseErrors);
        errors.AddRange(parseErrors.Select(e => $"line {e.Line}: {e.Message} in:\n{sql}"));
        if (parseErrors.Count > 0)
        {
            return;
        }

        var visitor = new Visitor();
        fragment.Accept(visitor);
        schemas.AddRange(visitor.Schemas);
        foreach (var body in visitor.ExecBodies)
        {
            bodies++;
            Walk(body, errors, schemas, ref bodies);
        }
    }

    private sealed class Visitor : TSqlFragmentVisitor
    {
        public List<string> Schemas { get; } = [];

        public List<string> ExecBodies { get; } = [];

        public override void ExplicitVisit(SchemaObjectName node)
        {
            if (node.SchemaIdentifier is { } schema)
            {
                Schemas.Add(schema.Value);
            }

            base.ExplicitVisit(node);
        }

        public override void ExplicitVisit(CreateSchemaStatement node)
        {
            Schemas.Add(node.Name.Value);
            base.ExplicitVisit(node);
        }

        public override void ExplicitVisit(DropSchemaStatement node)
        {
            Schemas.Add(node.Schema.BaseIdentifier.Value);
            base.ExplicitVisit(node);
        }

        public override void ExplicitVisit(ExecutableStringList node)
        {
            ExecBodies.Add(string.Concat(node.Strings.OfType<StringLiteral>().Select(s => s.Value)));
            base.ExplicitVisit(node);
        }
    }
}
