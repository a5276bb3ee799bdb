using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Workspaces.Data.ControlPlane;

namespace Workspaces.Api.Errors;

// Every error the API sends is an RFC 9457 problem built here or by AddProblemDetails.
public static class Problems
{
    private const string TypeBase = "https://workspaces.example/problems/";

    public static IServiceCollection AddProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Detail ??= problem.Title;
            // The trace id alone (not the span): identical for identical requests under one trace, useful in logs.
            problem.Extensions["traceId"] = Activity.Current?.TraceId.ToHexString() ?? context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        return services;
    }

    public static string Type(string name) => TypeBase + name;

    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors) => TypedResults.Problem(ValidationDetails(errors));

    public static HttpValidationProblemDetails ValidationDetails(IDictionary<string, string[]> errors) => new(errors)
    {
        Status = StatusCodes.Status400BadRequest,
        Type = Type("validation"),
        Title = "The request is not valid.",
        Detail = "See errors for the fields that failed validation.",
    };

    // A body that could not be read as the JSON the route expects (ProblemExceptionHandler, StrictInput).
    public static HttpValidationProblemDetails InvalidJsonDetails(IDictionary<string, string[]> errors, string detail) => new(errors)
    {
        Status = StatusCodes.Status400BadRequest,
        Type = Type("invalid-json"),
        Title = "The request body is not valid.",
        Detail = detail,
    };

    // A refusal by WorkspaceAdmin; what names the thing that was not found.
    public static ProblemHttpResult Admin<T>(AdminResult<T> result, string what) => result.Outcome switch
    {
        AdminOutcome.Invalid => Validation(result.Errors!.ToDictionary()),
        AdminOutcome.NotFound => NotFound(what),
        _ => throw new InvalidOperationException($"{result.Outcome} is not a problem of its own."),
    };

    public static ProblemHttpResult NotFound(string what) =>
        Problem(StatusCodes.Status404NotFound, "not-found", $"{what} was not found.", $"No {what.ToLowerInvariant()} matches the request.");

    public static ProblemHttpResult Problem(int status, string type, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(Details(status, type, title, detail, extensions));

    public static ProblemDetails Details(int status, string type, string title, string detail, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Type = Type(type), Title = title, Detail = detail };
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }
}
