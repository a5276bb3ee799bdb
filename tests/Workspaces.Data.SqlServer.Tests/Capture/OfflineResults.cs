using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Workspaces.Data.SqlServer.Tests.Capture;

// What the offline server answers: one row for a query (values by column name, the workspace "acme" and one person,
// one company and one membership in it), no applied migrations (so every migration runs), the rows EF expects back from a save, and "everything
// written" for the batch write. Enough for each code path to run through to its last command.
internal sealed partial class OfflineResults
{
    // A key no stored person holds: a query for it finds nothing.
    public const string Nobody = "nobody";

    public static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private readonly ConcurrentDictionary<string, object?> _control = new(new Dictionary<string, object?>
    {
        ["Id"] = "acme", ["Name"] = "Acme", ["Status"] = "Active", ["Server"] = "default", ["MovingTo"] = null, ["CreatedAt"] = Now, ["SchemaMigration"] = null,
        ["WorkspaceId"] = "acme", ["Scopes"] = "people:read people:write", ["ExpiresAt"] = null, ["RevokedAt"] = null,
        ["Kind"] = "Workspace", ["Key"] = "acme", ["Seq"] = 1L, ["At"] = Now,
        // A workspace that exists before start-up, so start-up migrates a workspace schema too.
        ["SchemaName"] = Schemas.WorkspaceSchemaName.New(),
    });

    private readonly Dictionary<string, object?> _people = new()
    {
        ["Seq"] = 1L, ["Id"] = "prs_0193a4b1c2d37e4f8a9b0c1d2e3f4a5b", ["UserId"] = "u1", ["Email"] = "ada@example.com",
        ["Traits"] = """{"plan":"free"}""", ["CreatedAt"] = Now, ["UpdatedAt"] = Now, ["LastSeenAt"] = null, ["Version"] = 0,
        // The one company (acme-42) and the person's membership of it.
        ["ExternalId"] = "acme-42", ["Attributes"] = """{"role":"user"}""", ["CompanySeq"] = 1L, ["PersonSeq"] = 1L,
    };

    // The workspace schema the control plane answers with, once provisioning has made one.
    public string? SchemaName
    {
        get => (string?)_control.GetValueOrDefault("SchemaName");
        set => _control["SchemaName"] = value;
    }

    // Every statement touches one row; every scalar (OBJECT_ID, sp_getapplock's result) is 0: the object exists, the lock is granted.
    public static int RowsAffected() => 1;

    public static object Scalar() => 0;

    public DbDataReader Reader(DbCommand command)
    {
        var sql = command.CommandText;
        var values = sql.Contains("[control].", StringComparison.Ordinal) ? (IReadOnlyDictionary<string, object?>)_control : _people;
        if (sql.Contains("AS [Value]", StringComparison.Ordinal))
        {
            // The batch write: every row it was given was written.
            var rows = command.Parameters.Cast<DbParameter>().Where(p => p.ParameterName is "changed" or "created")
                .Sum(p => JsonDocument.Parse((string)p.Value!).RootElement.GetArrayLength());
            return One(["Value"], new Dictionary<string, object?> { ["Value"] = rows });
        }

        if (sql.Contains("SELECT [MigrationId], [ProductVersion]", StringComparison.Ordinal) || sql.Contains("OPENJSON(@user_ids)", StringComparison.Ordinal))
        {
            return new OfflineReader([new([.. values.Keys], [])]); // no migration applied yet; a batch's keys held by nobody
        }

        if (sql.Contains("WHERE [p].[Id] = @ids", StringComparison.Ordinal) || sql.Contains("WHERE [p].[Id] IN (@ids", StringComparison.Ordinal))
        {
            // People read back by id (the Seq of people a write just inserted): each one asked for is there.
            var ids = command.Parameters.Cast<DbParameter>().Where(p => p.ParameterName.TrimStart('@').StartsWith("ids", StringComparison.Ordinal))
                .Select(p => (string)p.Value!).Distinct();
            return new OfflineReader([new(["Id", "Seq"], [.. ids.Select((id, k) => With(values, new Dictionary<string, object?> { ["Id"] = id, ["Seq"] = 100L + k }))])]);
        }

        var saves = sql.Split(";\n").Select(Saved).OfType<OfflineReader.ResultSet>().ToList();
        if (saves.Count > 0)
        {
            return new OfflineReader([.. saves.Select(s => s with { Rows = [.. s.Rows.Select(r => With(values, r))] })]);
        }

        var columns = SelectList().Match(sql) is { Success: true } select
            ? select.Groups[1].Value.Split(',').Select(c => LastName().Match(c).Groups[1].Value).ToList()
            : [];
        return command.Parameters.Cast<DbParameter>().Any(p => p.Value is Nobody)
            ? new OfflineReader([new(columns, [])])
            : One(columns, values);
    }

    // What a save statement sends back: the generated values it OUTPUTs (one row per row inserted by a MERGE), or
    // @@ROWCOUNT.
    private static OfflineReader.ResultSet? Saved(string statement)
    {
        if (statement.Contains("SELECT @@ROWCOUNT", StringComparison.Ordinal))
        {
            return new([""], [new Dictionary<string, object?> { [""] = 1 }]);
        }

        var output = Output().Match(statement);
        if (!output.Success)
        {
            return null;
        }

        // OUTPUT 1 (an update's "it was there") reads back as the column "1".
        var columns = output.Groups[1].Value.Split(',').Select(c => LastName().Match(c) is { Success: true } name ? name.Groups[1].Value : c.Trim()).ToList();
        var positions = Positions().Matches(statement).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return new(columns, [.. (positions.Count > 0 ? positions : [0]).Select(p => new Dictionary<string, object?> { ["_Position"] = p, ["Seq"] = 1L + p, ["1"] = 1 })]);
    }

    private static Dictionary<string, object?> With(IReadOnlyDictionary<string, object?> values, IReadOnlyDictionary<string, object?> row)
    {
        var merged = new Dictionary<string, object?>(values);
        foreach (var (key, value) in row)
        {
            merged[key] = value;
        }

        return merged;
    }

    private static OfflineReader One(List<string> columns, IReadOnlyDictionary<string, object?> values) => new([new(columns, [values])]);

    [GeneratedRegex(@"^\s*SELECT (?:TOP\([^)]*\) |DISTINCT )*(.+?)\s+FROM ", RegexOptions.Singleline)]
    private static partial Regex SelectList();

    [GeneratedRegex(@"OUTPUT ([^;\n]+)")]
    private static partial Regex Output();

    [GeneratedRegex(@",\s*(\d+)\)")]
    private static partial Regex Positions();

    [GeneratedRegex(@"(?:\[|\.)(\w+)\]?\s*$")]
    private static partial Regex LastName();
}
