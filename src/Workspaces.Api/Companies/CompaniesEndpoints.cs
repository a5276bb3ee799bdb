using Workspaces.Api.Auth;

namespace Workspaces.Api.Companies;

// Companies and memberships live in the workspace's schema beside its people, under the people scopes.
public static class CompaniesEndpoints
{
    public static void MapCompanies(this IEndpointRouteBuilder v1)
    {
        // Answers every route shares (401, 403, 429, 503, ...) are added to the document by OpenApi/CommonResponses.
        var companies = v1.MapGroup("/workspaces/{workspaceId}/companies").WithTags("Companies");

        companies.MapPost("/upsert", UpsertCompany.HandleAsync)
            .RequireAuthorization(AccessRules.PeopleWrite)
            .WithName("UpsertCompany")
            .WithSummary("Create or update a company by its companyId")
            .WithDescription("""
                Finds the company by companyId (case-sensitive): it is updated (200), or created (201 with Location) unless
                updateOnly=true (404). Traits merge and are limited exactly like a person's traits. Parallel first upserts of
                one companyId create one company.
                """)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        companies.MapGet("/", ListCompanies.HandleAsync)
            .RequireAuthorization(AccessRules.PeopleRead)
            .WithName("ListCompanies")
            .WithSummary("Look up a company by companyId, or list companies oldest first")
            .WithDescription("""
                With companyId: the matching company, if any (0 or 1 item, nextCursor null). Otherwise companies oldest first,
                limit (1-200, default 50) at a time; pass nextCursor back as cursor for the next page. A limit out of range or
                a cursor not made for this list is a 400.
                """)
            .ProducesProblem(StatusCodes.Status400BadRequest);

        companies.MapGet("/{id}", GetCompany.HandleAsync)
            .RequireAuthorization(AccessRules.PeopleRead)
            .WithName("GetCompany")
            .WithSummary("Get a company by id")
            .WithDescription("The company with this id, with its current memberCount, or 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        companies.MapDelete("/{id}", DeleteCompany.HandleAsync)
            .RequireAuthorization(AccessRules.PeopleWrite)
            .WithName("DeleteCompany")
            .WithSummary("Delete a company and its memberships; its people stay")
            .WithDescription("Deletes the company and every membership of it (204), or 404 when no company has this id. Its people are not touched.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        companies.MapPut("/{id}/members/{personId}", PutMember.HandleAsync)
            .RequireAuthorization(AccessRules.PeopleWrite)
            .WithName("PutCompanyMember")
            .WithSummary("Add a person to a company, or update their membership's attributes")
            .WithDescription("""
                Joins the person to the company (201 with Location) or updates the membership (200); attributes merge and are
                limited like traits. 404 when the company or the person does not exist.
                """)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        companies.MapDelete("/{id}/members/{personId}", RemoveMember.HandleAsync)
            .RequireAuthorization(AccessRules.PeopleWrite)
            .WithName("RemoveCompanyMember")
            .WithSummary("Remove a person from a company")
            .WithDescription("Removes the membership (204, also when the person was not a member); 404 when the company or the person does not exist.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        companies.MapGet("/{id}/members", ListMemberships.MembersAsync)
            .RequireAuthorization(AccessRules.PeopleRead)
            .WithName("ListCompanyMembers")
            .WithSummary("List a company's members, oldest membership first")
            .WithDescription("""
                The company's members with their membership's attributes, limit (1-200, default 50) at a time; pass nextCursor
                back as cursor. 404 when the company does not exist; a limit out of range or a cursor not made for this list is a 400.
                """)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        v1.MapGroup("/workspaces/{workspaceId}/people").WithTags("Companies")
            .MapGet("/{id}/companies", ListMemberships.CompaniesOfPersonAsync)
            .RequireAuthorization(AccessRules.PeopleRead)
            .WithName("ListPersonCompanies")
            .WithSummary("List the companies a person belongs to, oldest membership first")
            .WithDescription("""
                The person's companies with their membership's attributes, limit (1-200, default 50) at a time; pass nextCursor
                back as cursor. 404 when the person does not exist; a limit out of range or a cursor not made for this list is a 400.
                """)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
