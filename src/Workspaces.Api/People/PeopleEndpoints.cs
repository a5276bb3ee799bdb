using Workspaces.Api.Auth;
using Workspaces.Api.Limits;
using Workspaces.Data.Companies;
using Workspaces.Data.People;

namespace Workspaces.Api.People;

public static class PeopleEndpoints
{
    public static IServiceCollection AddPeople(this IServiceCollection services) =>
        services.AddScoped<PeopleUpserter>().AddScoped<PersonCompaniesUpserter>().AddScoped<CompanyUpserter>();

    public static RouteGroupBuilder MapPeople(this IEndpointRouteBuilder v1)
    {
        // Answers every route shares (401, 403, 429, 503, ...) are added to the document by OpenApi/CommonResponses.
        var people = v1.MapGroup("/workspaces/{workspaceId}/people").WithTags("People");

        people.MapPost("/upsert", UpsertPerson.HandleAsync)
            .RequireAuthorization(AccessRules.PeopleWrite)
            .WithName("UpsertPerson")
            .WithSummary("Create or update a person by userId and/or email")
            .WithDescription("""
                Finds the person by userId (A) and by email (B): A and B both exist and differ → 409 identity-conflict naming
                both; A exists → A is updated (its email becomes the given one); else B without a userId → B is updated and
                gets the userId; else B with another userId → 409; else a person is created (201 with Location), unless
                updateOnly=true (404). Traits merge shallowly (null removes a key); updatedAt changes only when something
                changed; lastSeenAt only moves forward. Unknown members are a 400. Parallel first upserts of one key create
                one person. With companies (at most 50), each company is upserted by its companyId and the person joined to
                it, all in one transaction with the person (a bad entry is a 400 naming companies[i]... and nothing changes);
                pruneCompanies=true also leaves every other company; the answer then lists the memberships in companies.
                """)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        people.MapPost("/batch", BatchUpsert.HandleAsync)
            .RequireAuthorization(AccessRules.PeopleWrite)
            .WithBodySizeLimit(BatchUpsert.MaxBodyBytes)
            .WithName("BatchUpsertPeople")
            .WithSummary("Upsert 1-1000 people in order, each on its own")
            .WithDescription("""
                Each item is an upsert request, applied in order with the upsert's rules; one item's failure (its own 400 or
                409 in results) neither undoes nor stops the others, and the answer is 200 with counts and one result per
                item. A body that is not JSON, or people missing, empty or over 1000 items, is a 400 for the whole batch.
                Body limit 5 MiB.
                """)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        people.MapGet("/", ListPeople.HandleAsync)
            .RequireAuthorization(AccessRules.PeopleRead)
            .WithName("ListPeople")
            .WithSummary("Look up a person by userId or email, or list people oldest first")
            .WithDescription("""
                With userId or email (not both): the matching person, if any (0 or 1 item, nextCursor null). Otherwise people
                oldest first, limit (1-200, default 50) at a time; pass nextCursor back as cursor for the next page. A limit
                out of range or a cursor not made for this list is a 400.
                """)
            .ProducesProblem(StatusCodes.Status400BadRequest);

        people.MapGet("/{id}", GetPerson.HandleAsync)
            .RequireAuthorization(AccessRules.PeopleRead)
            .WithName("GetPerson")
            .WithSummary("Get a person by id")
            .WithDescription("The person with this id, or 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        people.MapDelete("/{id}", DeletePerson.HandleAsync)
            .RequireAuthorization(AccessRules.PeopleWrite)
            .WithName("DeletePerson")
            .WithSummary("Delete a person for good; their userId and email can be used again")
            .WithDescription("Deletes the person (204), or 404 when no person has this id. The id is never reused.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return people;
    }
}
