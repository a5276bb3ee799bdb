using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Workspaces.Data;

namespace Workspaces.Api.Errors;

// Maps what escapes an endpoint to a problem: bad request bodies to 400/413/415 with field detail,
// an unreachable database to 503, anything else to 500 (a bug, logged).
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, IDatabaseEngine engine, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, type, title, detail, errors) = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } =>
                (400, "invalid-json", "The request body is not valid.", "The body is not valid JSON of the expected shape.", JsonErrors.FieldErrors(json)),
            BadHttpRequestException bad =>
                (bad.StatusCode, "bad-request", ReasonPhrase(bad.StatusCode), bad.Message, null),
            _ when engine.IsMissingSchema(exception) =>
                (404, "not-found", "Workspace was not found.", "The workspace was deleted.", null),
            _ when engine.IsUnavailable(exception) =>
                (503, "unavailable", "The database is unavailable.", "Try again shortly.", null),
            _ => (500, "internal", "An unexpected error occurred.", "The error was logged.", (Dictionary<string, string[]>?)null),
        };

        if (status >= 500)
        {
            logger.LogError(exception, "Request failed with {Status}", status);
        }

        if (status == 503)
        {
            httpContext.Response.Headers.RetryAfter = "5";
        }

        httpContext.Response.StatusCode = status;
        var problem = errors is null ? new Microsoft.AspNetCore.Mvc.ProblemDetails() : new HttpValidationProblemDetails(errors);
        problem.Status = status;
        problem.Type = Problems.Type(type);
        problem.Title = title;
        problem.Detail = detail;
        return await problems.TryWriteAsync(new() { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Bad request";
}
