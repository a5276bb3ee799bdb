using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Workspaces.Api.Companies;
using Workspaces.Api.Input;
using Workspaces.Data.People;

namespace Workspaces.Api.People;

// Traits arrive as a JsonElement so the serializer's duplicate-key check covers them (a JsonObject would throw
// a non-JSON exception on a duplicate key); validation turns them into a JsonObject.
// Every member is optional (null counts as absent), but at least one of userId and email must be given.
[Description("A person to create or update, found by userId and/or email: give at least one of them, non-blank.")]
public sealed record UpsertPersonRequest(
    [property: Description("Your own id for the person (external id): trimmed, 1-255 characters, no control characters.")]
    [property: MinLength(1), MaxLength(PersonValidation.MaxUserIdLength)]
    string? UserId = null,
    [property: Description("The person's email address: trimmed and lower-cased; at most 254 characters, one '@', a local part and a domain with a dot.")]
    [property: MinLength(1), MaxLength(PersonValidation.MaxEmailLength)]
    string? Email = null,
    [property: Description("Traits merged shallowly into the stored ones: a given key replaces the stored one, a key set to null is removed, keys not given stay. Keys are 1-128 characters; after merging at most 256 keys, 32 KiB serialised and 8 levels deep.")]
    JsonElement? Traits = null,
    [property: Description("When the person was last seen; the stored time only moves forward.")]
    DateTimeOffset? LastSeenAt = null,
    [property: Description("Companies the person belongs to (at most 50, each companyId once): each company is upserted by its companyId and the person joined to it, together with the person or not at all. The response then lists the memberships in companies.")]
    [property: MaxLength(CompanyValidation.MaxEntries)]
    IReadOnlyList<CompanyEntryRequest>? Companies = null,
    [property: Description("true: also remove the person from every company not in companies (which must then be given).")]
    bool? PruneCompanies = null);

// Contract §2 "Validation". Pure: a request is rejected before anything is read or written.
public static class PersonValidation
{
    public const int MaxUserIdLength = 255;
    public const int MaxEmailLength = 254;

    public static PersonInput? Validate(UpsertPersonRequest request, Dictionary<string, string[]> errors)
    {
        var userId = request.UserId?.Trim();
        var email = request.Email?.Trim().ToLowerInvariant();

        if (string.IsNullOrEmpty(userId) && string.IsNullOrEmpty(email))
        {
            errors["userId"] = ["Provide a userId or an email (or both)."];
            errors["email"] = ["Provide a userId or an email (or both)."];
            return null;
        }

        if (userId is not null && (userId.Length is 0 or > MaxUserIdLength || userId.Any(char.IsControl)))
        {
            errors["userId"] = [$"userId must be 1-{MaxUserIdLength} characters without control characters."];
        }

        if (email is not null && !IsPlausibleEmail(email))
        {
            errors["email"] = [$"email must be a plausible address (one '@', a local part, a domain with a dot) of at most {MaxEmailLength} characters."];
        }

        var traits = JsonObjects.Read(request.Traits, "traits", errors);
        var companies = request.Companies is null ? null : CompanyValidation.ValidateEntries(request.Companies, errors);
        if (request.PruneCompanies == true && request.Companies is null)
        {
            errors["pruneCompanies"] = ["pruneCompanies needs companies (send companies: [] to leave every company)."];
        }

        return errors.Count > 0 ? null : new PersonInput(userId, email, traits, request.LastSeenAt, companies, request.PruneCompanies == true);
    }

    private static bool IsPlausibleEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (email.Length > MaxEmailLength || at <= 0 || at != email.LastIndexOf('@') || email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }

        var domain = email[(at + 1)..];
        var dot = domain.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && !domain.EndsWith('.') && !domain.Contains("..", StringComparison.Ordinal);
    }
}
