using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Workspaces.Api.Errors;
using Workspaces.Api.Telemetry;
using Workspaces.Data.Companies;
using Workspaces.Data.People;

namespace Workspaces.Api.Companies;

[Description("A company to create or update, found by its companyId.")]
public sealed record UpsertCompanyRequest(
    [property: Description("Your own id for the company: case-sensitive, trimmed, 1-255 characters, no control characters.")]
    [property: Required, MinLength(1), MaxLength(CompanyValidation.MaxCompanyIdLength)]
    string? CompanyId = null,
    [property: Description("Traits merged shallowly into the stored ones exactly like a person's: a given key replaces the stored one, a key set to null is removed, keys not given stay. Keys are 1-128 characters; after merging at most 256 keys, 32 KiB serialised and 8 levels deep.")]
    JsonElement? Traits = null);

internal static class UpsertCompany
{
    public static async Task<Results<Created<CompanyResponse>, Ok<CompanyResponse>, ProblemHttpResult>> HandleAsync(
        string workspaceId, UpsertCompanyRequest request, CompanyUpserter upserter, WorkspacesMetrics metrics, CancellationToken cancellationToken,
        bool updateOnly = false)
    {
        var errors = new Dictionary<string, string[]>();
        if (CompanyValidation.Validate(request.CompanyId, request.Traits, errors) is not { } input || errors.Count > 0)
        {
            metrics.Upserted(WorkspacesMetrics.Company, UpsertStatus.Invalid);
            return Problems.Validation(errors);
        }

        var result = await upserter.UpsertAsync(input, updateOnly, cancellationToken);
        metrics.Upserted(WorkspacesMetrics.Company, result.Status);
        return result.Status switch
        {
            UpsertStatus.Created => TypedResults.Created(
                $"/v1/workspaces/{workspaceId}/companies/{result.Company!.Company.Id}", CompanyResponse.From(result.Company)),
            UpsertStatus.Updated or UpsertStatus.Unchanged => TypedResults.Ok(CompanyResponse.From(result.Company!)),
            UpsertStatus.NotFound => Problems.Problem(
                StatusCodes.Status404NotFound, "company-not-found", "No company matches.", "updateOnly=true forbids creating a company."),
            _ => Problems.Validation(result.Errors!),
        };
    }
}
