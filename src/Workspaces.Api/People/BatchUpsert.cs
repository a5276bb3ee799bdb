using System.ComponentModel;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Workspaces.Api.Errors;
using Workspaces.Api.Telemetry;
using Workspaces.Data.Companies;
using Workspaces.Data.People;

namespace Workspaces.Api.People;

// Items stay raw JSON until each is read on its own, so an item with a wrong type or an unknown property is that
// item's 400, not the batch's. A body that is not well-formed JSON (duplicate keys included) is the batch's 400.
// The document describes People as the array of upsert requests it must be (OpenApi/ComponentSchemas.cs).
[Description("Up to 1000 people to upsert in order, each on its own.")]
public sealed record BatchUpsertRequest(JsonElement? People);

// Problem is typed object so a validation problem's errors map is serialised too.
[Description("The outcome of one item of a batch: a person (201, 200) or a problem (400, 409).")]
public sealed record BatchItemResult(
    [property: Description("The item's position in the request, from 0.")] int Index,
    [property: Description("What a single upsert of the item would have answered.")] int Status,
    [property: Description("The person created or updated, or null when the item failed.")] PersonResponse? Person = null,
    [property: Description("Why the item failed, or null when it succeeded.")] object? Problem = null);

[Description("The outcome of a batch: counts, and one result per item in request order.")]
public sealed record BatchUpsertResponse(
    [property: Description("Items that created a person (status 201).")] int CreatedCount,
    [property: Description("Items that updated a person (status 200).")] int UpdatedCount,
    [property: Description("Items that failed (a problem).")] int FailedCount,
    [property: Description("One result per item, in request order.")] IReadOnlyList<BatchItemResult> Results);

internal static class BatchUpsert
{
    public const int MaxItems = 1000;
    public const long MaxBodyBytes = 5 * 1024 * 1024;

    public static async Task<Results<Ok<BatchUpsertResponse>, ProblemHttpResult>> HandleAsync(
        BatchUpsertRequest request, PeopleUpserter upserter, PersonCompaniesUpserter withCompanies, WorkspacesMetrics metrics,
        IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        if (request.People is not { ValueKind: JsonValueKind.Array } people || people.GetArrayLength() is < 1 or > MaxItems)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["people"] = [$"people must hold 1-{MaxItems} items."] });
        }

        var items = people.EnumerateArray().ToList();
        var results = new UpsertResult?[items.Count];
        var valid = new List<(int Index, PersonInput Input)>();
        for (var i = 0; i < items.Count; i++)
        {
            var errors = new Dictionary<string, string[]>();
            if (Read(items[i], json.Value.SerializerOptions, errors) is { } item && PersonValidation.Validate(item, errors) is { } input)
            {
                valid.Add((i, input));
            }
            else
            {
                results[i] = UpsertResult.Invalid(errors);
            }
        }

        var applied = valid.Exists(v => v.Input.Companies is not null)
            ? await withCompanies.ApplyBatchAsync([.. valid.Select(v => v.Input)], cancellationToken)
            : await upserter.ApplyBatchAsync([.. valid.Select(v => v.Input)], cancellationToken);
        for (var i = 0; i < valid.Count; i++)
        {
            results[valid[i].Index] = applied[i];
        }

        foreach (var result in results)
        {
            metrics.Upserted(WorkspacesMetrics.Person, result!.Status);
        }

        var itemResults = results.Select((r, index) => r!.Status switch
        {
            UpsertStatus.Created => new BatchItemResult(index, StatusCodes.Status201Created, PersonResponse.From(r)),
            UpsertStatus.Updated or UpsertStatus.Unchanged => new BatchItemResult(index, StatusCodes.Status200OK, PersonResponse.From(r)),
            _ => new BatchItemResult(index, UpsertPerson.ToProblem(r).Status!.Value, Problem: UpsertPerson.ToProblem(r)),
        }).ToList();
        return TypedResults.Ok(new BatchUpsertResponse(
            itemResults.Count(r => r.Status == StatusCodes.Status201Created),
            itemResults.Count(r => r.Status == StatusCodes.Status200OK),
            itemResults.Count(r => r.Problem is not null),
            itemResults));
    }

    private static UpsertPersonRequest? Read(JsonElement item, JsonSerializerOptions options, Dictionary<string, string[]> errors)
    {
        try
        {
            if (item.ValueKind == JsonValueKind.Object && item.Deserialize<UpsertPersonRequest>(options) is { } request)
            {
                return request;
            }

            errors["item"] = ["Each item must be an upsert request object."];
        }
        catch (JsonException e)
        {
            foreach (var (field, messages) in JsonErrors.FieldErrors(e))
            {
                errors[field] = messages;
            }
        }

        return null;
    }
}
