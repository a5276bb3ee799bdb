using Workspaces.Api.Auth;
using Workspaces.Api.Limits;
using Workspaces.Data.People;

namespace Workspaces.Api.People;

public static class PeopleEndpoints
{
    public static IServiceCollection AddPeople(this IServiceCollection services) => services.AddScoped<PeopleUpserter>();

    public static RouteGroupBuilder MapPeople(this IEndpointRouteBuilder v1)
    {
        var people = v1.MapGroup("/workspaces/{workspaceId}/people").WithTags("People")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        people.MapPost("/upsert", UpsertPerson.HandleAsync)
            .RequireAuthorization(AccessRules.PeopleWrite)
            .WithName("UpsertPerson")
            .WithSummary("Create or update a person by userId and/or email")
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
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        people.MapGet("/", ListPeople.HandleAsync)
            .RequireAuthorization(AccessRules.PeopleRead)
            .WithName("ListPeople")
            .WithSummary("Look up a person by userId or email, or list people oldest first")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        people.MapGet("/{id}", GetPerson.HandleAsync)
            .RequireAuthorization(AccessRules.PeopleRead)
            .WithName("GetPerson")
            .WithSummary("Get a person by id")
            .ProducesProblem(StatusCodes.Status404NotFound);

        people.MapDelete("/{id}", DeletePerson.HandleAsync)
            .RequireAuthorization(AccessRules.PeopleWrite)
            .WithName("DeletePerson")
            .WithSummary("Delete a person for good; their userId and email can be used again")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return people;
    }
}
