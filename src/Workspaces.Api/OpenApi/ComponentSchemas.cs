using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Workspaces.Api.Companies;
using Workspaces.Api.People;
using Workspaces.Data.People;

namespace Workspaces.Api.OpenApi;

// Schemas whose C# type says less than the wire: traits (free-form objects, read and written as JSON nodes), the problem
// body (ASP.NET's ProblemDetails type knows nothing of our members), and the batch, whose items are read raw so that each
// one fails on its own.
internal static class ComponentSchemas
{
    private static readonly (string Schema, string Member)[] TraitLike =
    [
        (nameof(UpsertPersonRequest), "traits"),
        (nameof(UpsertCompanyRequest), "traits"),
        (nameof(CompanyEntryRequest), "traits"),
        (nameof(CompanyEntryRequest), "attributes"),
        (nameof(PutMemberRequest), "attributes"),
    ];

    public static Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var schemas = document.Components!.Schemas!;
        schemas["Problem"] = Problem();
        schemas.Remove("JsonElement"); // the raw batch items, described below
        FreeForm(schemas["Traits"], JsonSchemaType.Object, "A free-form JSON object.");
        // Request members read as traits are (Input/JsonObjects): objects or null, keys 1-128 characters, at most 256 keys.
        foreach (var (schema, member) in TraitLike)
        {
            if (schemas.TryGetValue(schema, out var found) && found is OpenApiSchema owner)
            {
                var traits = FreeForm(owner.Properties![member], JsonSchemaType.Object | JsonSchemaType.Null, null);
                traits.PropertyNames = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = TraitLimits.MaxKeyLength };
                traits.MaxProperties = TraitLimits.MaxKeys;
            }
        }

        if (schemas.TryGetValue(nameof(BatchUpsertRequest), out var batchSchema) && batchSchema is OpenApiSchema batch)
        {
            batch.Properties!["people"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Items = new OpenApiSchemaReference(nameof(UpsertPersonRequest), document),
                MinItems = 1,
                MaxItems = BatchUpsert.MaxItems,
                Description = "1-1000 upsert requests, applied in order; one item's failure neither undoes nor stops the others.",
            };
            batch.Required = new HashSet<string> { "people" };
        }

        if (schemas.TryGetValue(nameof(BatchItemResult), out var itemSchema) && itemSchema is OpenApiSchema item)
        {
            var problem = item.Properties!["problem"];
            item.Properties["problem"] = new OpenApiSchema
            {
                OneOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, new OpenApiSchemaReference("Problem", document)],
                Description = problem.Description,
            };
            ((OpenApiSchema)item.Properties["status"]).Enum = [200, 201, 400, 409];
            ((OpenApiSchema)item.Properties["index"]).Minimum = "0";
        }

        // A nullable reference comes out as oneOf [null, {$ref, description}]: the description belongs to the member.
        foreach (var property in schemas.Values.SelectMany(schema => schema.Properties?.Values ?? []).OfType<OpenApiSchema>())
        {
            property.Description ??= property.OneOf?.Select(branch => branch.Description).FirstOrDefault(d => d is not null);
        }

        return Task.CompletedTask;
    }

    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem. Members beyond these may appear (for example conflictingPersonIds on an identity conflict).",
        Required = new HashSet<string> { "type", "title", "status", "detail" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Text("A URI naming the kind of problem; the last segment is stable (validation, identity-conflict, not-found, ...).", "uri"),
            ["title"] = Text("A short summary of the kind of problem."),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "400", Maximum = "599", Description = "The HTTP status code." },
            ["detail"] = Text("What went wrong with this request."),
            ["instance"] = Text("A URI reference naming this occurrence, when there is one."),
            ["traceId"] = Text("The W3C trace id of the request, for logs and support. On every problem response; a batch item's problem has none (the batch's response is the request)."),
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "On a 400 for invalid fields: the messages for each field, by its JSON name (people[2].email, traits, ...).",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
            ["conflictingPersonIds"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Description = "On an identity conflict: the ids of the people the userId and the email belong to.",
                Items = new OpenApiSchema { Type = JsonSchemaType.String },
            },
        },
        AdditionalProperties = new OpenApiSchema(),
        Examples =
        [
            new JsonObject
            {
            ["type"] = "https://workspaces.example/problems/identity-conflict",
            ["title"] = "The userId and email identify different people.",
            ["status"] = 409,
            ["detail"] = "Nothing was changed. Conflicting people: prs_1, prs_2.",
            ["traceId"] = "4bf92f3577b34da6a3ce929d0e0e4736",
            ["conflictingPersonIds"] = new JsonArray("prs_1", "prs_2"),
            },
        ],
    };

    private static OpenApiSchema FreeForm(IOpenApiSchema schema, JsonSchemaType type, string? description)
    {
        var editable = (OpenApiSchema)schema;
        editable.Type = type;
        editable.OneOf = null;
        editable.AdditionalProperties = new OpenApiSchema();
        editable.Description ??= description;
        return editable;
    }

    private static OpenApiSchema Text(string description, string? format = null) =>
        new() { Type = JsonSchemaType.String, Description = description, Format = format };
}
