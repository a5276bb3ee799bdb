using System.Reflection;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;

namespace Workspaces.Data.SqlServer.Tests;

// SQL Server errors are classified by number, whatever the message says (messages are localised).
public sealed class SqlServerErrorsTests
{
    private readonly SqlServerEngine _engine = Offline.Engine();

    [OneTimeTearDown]
    public void DisposeEngine() => _engine.Dispose();

    [TestCase(2601)]
    [TestCase(2627)]
    public void A_duplicate_key_is_a_unique_violation_and_retried(int number)
    {
        Assert.That(_engine.IsUniqueViolation(Error(number)), Is.True);
        Assert.That(_engine.IsUniqueViolation(new DbUpdateException("save failed", Error(number))), Is.True);
        Assert.That(_engine.IsRetryable(Error(number)), Is.True);
    }

    [TestCase(1205)]
    [TestCase(1222)]
    [TestCase(40613)]
    [TestCase(40501)]
    [TestCase(10054)]
    public void A_deadlock_or_transient_fault_is_retried(int number)
    {
        Assert.That(_engine.IsTransient(Error(number)), Is.True);
        Assert.That(_engine.IsRetryable(new DbUpdateException("save failed", Error(number))), Is.True);
        Assert.That(_engine.IsUnavailable(Error(number)), Is.True);
    }

    [Test]
    public void An_invalid_object_is_a_missing_schema_not_a_fault_to_retry()
    {
        Assert.That(_engine.IsMissingSchema(Error(208)), Is.True);
        Assert.That(_engine.IsMissingSchema(new DbUpdateException("save failed", Error(208))), Is.True);
        Assert.That(_engine.IsRetryable(Error(208)), Is.False);
    }

    // A membership's company or person deleted meanwhile: the write is decided again on fresh data (then a 404 or a new company).
    [Test]
    public void A_foreign_key_conflict_is_retried_and_not_unavailable()
    {
        Assert.That(_engine.IsRetryable(Error(547)), Is.True);
        Assert.That(_engine.IsRetryable(new DbUpdateException("save failed", Error(547))), Is.True);
        Assert.That(_engine.IsUnavailable(Error(547)), Is.False);
    }

    [TestCase(53)]
    [TestCase(-2)]
    public void A_server_out_of_reach_is_unavailable(int number) => Assert.That(_engine.IsUnavailable(Error(number)), Is.True);

    [TestCase(8152)] // string or binary data would be truncated
    [TestCase(102)]  // a syntax error
    public void Other_errors_are_neither_retried_nor_unavailable(int number)
    {
        var error = Error(number, message: "Violation of UNIQUE KEY constraint; deadlock; timeout");
        Assert.That(_engine.IsRetryable(error), Is.False, "the message text is never read");
        Assert.That(_engine.IsUnavailable(error), Is.False);
        Assert.That(_engine.IsMissingSchema(error), Is.False);
    }

    // SqlClient makes SqlException only from the wire; its constructors are internal.
    private static SqlException Error(int number, string message = "error")
    {
        var errorCtor = typeof(SqlError).GetConstructors(BindingFlags.NonPublic | BindingFlags.Instance)
            .Where(c => c.GetParameters() is [{ ParameterType: var first }, ..] && first == typeof(int))
            .OrderByDescending(c => c.GetParameters().Length).First();
        var error = (SqlError)errorCtor.Invoke([.. errorCtor.GetParameters().Select(p => p.Position switch
        {
            0 => number,
            _ when p.ParameterType == typeof(string) => message,
            _ when p.ParameterType == typeof(byte) => (byte)16,
            _ => p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null,
        })]);
        var errors = (SqlErrorCollection)Activator.CreateInstance(typeof(SqlErrorCollection), nonPublic: true)!;
        typeof(SqlErrorCollection).GetMethod("Add", BindingFlags.NonPublic | BindingFlags.Instance)!.Invoke(errors, [error]);
        return (SqlException)typeof(SqlException).GetMethod(
            "CreateException", BindingFlags.NonPublic | BindingFlags.Static, [typeof(SqlErrorCollection), typeof(string)])!
            .Invoke(null, [errors, "16.0"])!;
    }
}
