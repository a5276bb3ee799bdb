using Workspaces.Api.Auth;

namespace Workspaces.Api.People;

public static class PeopleEndpoints
{
    public static IServiceCollection AddPeople(this IServiceCollection services) => services.AddScoped<PersonUpsert>();

    public static RouteGroupBuilder MapPeople(this IEndpointRouteBuilder v1)
    {
        var people = v1.MapGroup("/workspaces/{workspaceId}/people").WithTags("People");

        people.MapPost("/upsert", UpsertPerson.HandleAsync)
            .RequireAuthorization(AccessRules.PeopleWrite)
            .WithName("UpsertPerson")
            .WithSummary("Create or update a person by userId and/or email")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        people.MapGet("/{id}", GetPerson.HandleAsync)
            .RequireAuthorization(AccessRules.PeopleRead)
            .WithName("GetPerson")
            .WithSummary("Get a person by id")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return people;
    }
}
