using Microsoft.AspNetCore.Http.HttpResults;
using Workspaces.Api.Errors;
using Workspaces.Api.Telemetry;
using Workspaces.Data.Companies;
using Workspaces.Data.People;

namespace Workspaces.Api.People;

internal static class UpsertPerson
{
    public static async Task<Results<Created<PersonResponse>, Ok<PersonResponse>, ProblemHttpResult>> HandleAsync(
        string workspaceId, UpsertPersonRequest request, PeopleUpserter upserter, PersonCompaniesUpserter withCompanies, WorkspacesMetrics metrics,
        CancellationToken cancellationToken, bool updateOnly = false)
    {
        var errors = new Dictionary<string, string[]>();
        if (PersonValidation.Validate(request, errors) is not { } input)
        {
            metrics.Upserted(WorkspacesMetrics.Person, UpsertStatus.Invalid);
            return Problems.Validation(errors);
        }

        // Without companies, the person's own path: no transaction, one statement for one key.
        var result = input.Companies is null
            ? await upserter.ApplyAsync(input, updateOnly, cancellationToken)
            : await withCompanies.ApplyAsync(input, updateOnly, cancellationToken);
        metrics.Upserted(WorkspacesMetrics.Person, result.Status);
        return result.Status switch
        {
            UpsertStatus.Created => TypedResults.Created(Location(workspaceId, result.Person!), PersonResponse.From(result)),
            UpsertStatus.Updated or UpsertStatus.Unchanged => TypedResults.Ok(PersonResponse.From(result)),
            _ => TypedResults.Problem(ToProblem(result)),
        };
    }

    public static string Location(string workspaceId, Person person) => $"/v1/workspaces/{workspaceId}/people/{person.Id}";

    public static Microsoft.AspNetCore.Mvc.ProblemDetails ToProblem(UpsertResult result) => result.Status switch
    {
        UpsertStatus.Conflict => Problems.Details(
            StatusCodes.Status409Conflict,
            "identity-conflict",
            "The userId and email identify different people.",
            $"Nothing was changed. Conflicting people: {string.Join(", ", result.ConflictingIds!)}.",
            new Dictionary<string, object?> { ["conflictingPersonIds"] = result.ConflictingIds }),
        UpsertStatus.NotFound => Problems.Details(
            StatusCodes.Status404NotFound, "person-not-found", "No person matches.", "updateOnly=true forbids creating a person."),
        UpsertStatus.Invalid => Problems.ValidationDetails(result.Errors!),
        _ => throw new InvalidOperationException($"{result.Status} is not a problem."),
    };
}
