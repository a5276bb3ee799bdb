using System.Collections;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.SqlClient;

namespace Workspaces.Data.SqlServer.Tests.Capture;

// A connection EF's SQL Server provider uses in place of the SqlConnection it would open: nothing leaves the process.
// Commands answer with made-up results (OfflineResults) so that each code path runs on to its next command.
internal sealed class OfflineConnection(string connectionString, OfflineResults results) : DbConnection
{
    private ConnectionState _state = ConnectionState.Closed;

    [AllowNull]
    public override string ConnectionString { get; set; } = connectionString;

    public override string Database => "workspaces";

    public override string DataSource => "offline";

    public override string ServerVersion => "16.00.1000";

    public override ConnectionState State => _state;

    public override void ChangeDatabase(string databaseName)
    {
    }

    public override void Close() => _state = ConnectionState.Closed;

    public override void Open() => _state = ConnectionState.Open;

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => new OfflineTransaction(this, isolationLevel);

    protected override DbCommand CreateDbCommand() => new OfflineCommand(this, results);
}

internal sealed class OfflineTransaction(DbConnection connection, IsolationLevel isolationLevel) : DbTransaction
{
    public override IsolationLevel IsolationLevel => isolationLevel;

    protected override DbConnection DbConnection => connection;

    public override void Commit()
    {
    }

    public override void Rollback()
    {
    }
}

internal sealed class OfflineCommand(DbConnection connection, OfflineResults results) : DbCommand
{
    // SqlClient's own parameter collection, so EF's SQL Server type mappings configure real SqlParameters.
    private readonly SqlParameterCollection _parameters = new SqlCommand().Parameters;

    [AllowNull]
    public override string CommandText { get; set; } = "";

    public override int CommandTimeout { get; set; } = 30;

    public override CommandType CommandType { get; set; } = CommandType.Text;

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection { get; set; } = connection;

    protected override DbParameterCollection DbParameterCollection => _parameters;

    protected override DbTransaction? DbTransaction { get; set; }

    public override void Cancel()
    {
    }

    public override int ExecuteNonQuery() => OfflineResults.RowsAffected();

    public override object? ExecuteScalar() => OfflineResults.Scalar();

    public override void Prepare()
    {
    }

    protected override DbParameter CreateDbParameter() => new SqlParameter();

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => results.Reader(this);
}

// Result sets of rows given as column name → value; a typed read converts the value to the type asked for.
internal sealed class OfflineReader(IReadOnlyList<OfflineReader.ResultSet> sets) : DbDataReader
{
    public sealed record ResultSet(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows);

    private int _set;
    private int _row = -1;

    private ResultSet Current => sets.Count > _set ? sets[_set] : new ResultSet([], []);

    public override int FieldCount => Current.Columns.Count;

    public override bool HasRows => Current.Rows.Count > 0;

    public override bool IsClosed => false;

    public override int RecordsAffected => 1;

    public override int Depth => 0;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool Read() => ++_row < Current.Rows.Count;

    public override bool NextResult()
    {
        _set++;
        _row = -1;
        return _set < sets.Count;
    }

    public override string GetName(int ordinal) => Current.Columns[ordinal];

    public override int GetOrdinal(string name) => Current.Columns.ToList().IndexOf(name);

    // A column without a given value (a count, an EXISTS, an affected-rows check) reads as 1.
    public override object GetValue(int ordinal) =>
        Current.Rows[_row].TryGetValue(Current.Columns[ordinal], out var value) ? value ?? DBNull.Value : 1;

    public override bool IsDBNull(int ordinal) => GetValue(ordinal) is DBNull;

    public override T GetFieldValue<T>(int ordinal) => (T)Convert(GetValue(ordinal), typeof(T));

    public override Type GetFieldType(int ordinal) => GetValue(ordinal).GetType();

    public override string GetDataTypeName(int ordinal) => GetFieldType(ordinal).Name;

    public override int GetValues(object[] values)
    {
        for (var i = 0; i < FieldCount; i++)
        {
            values[i] = GetValue(i);
        }

        return FieldCount;
    }

    public override bool GetBoolean(int ordinal) => GetFieldValue<bool>(ordinal);

    public override byte GetByte(int ordinal) => GetFieldValue<byte>(ordinal);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => 0;

    public override char GetChar(int ordinal) => GetFieldValue<char>(ordinal);

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => 0;

    public override DateTime GetDateTime(int ordinal) => GetFieldValue<DateTime>(ordinal);

    public override decimal GetDecimal(int ordinal) => GetFieldValue<decimal>(ordinal);

    public override double GetDouble(int ordinal) => GetFieldValue<double>(ordinal);

    public override float GetFloat(int ordinal) => GetFieldValue<float>(ordinal);

    public override Guid GetGuid(int ordinal) => GetFieldValue<Guid>(ordinal);

    public override short GetInt16(int ordinal) => GetFieldValue<short>(ordinal);

    public override int GetInt32(int ordinal) => GetFieldValue<int>(ordinal);

    public override long GetInt64(int ordinal) => GetFieldValue<long>(ordinal);

    public override string GetString(int ordinal) => GetFieldValue<string>(ordinal);

    public override IEnumerator GetEnumerator() => Array.Empty<object>().GetEnumerator();

    private static object Convert(object value, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return value switch
        {
            _ when target.IsInstanceOfType(value) => value,
            DateTimeOffset time when target == typeof(DateTime) => time.UtcDateTime,
            _ => System.Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
