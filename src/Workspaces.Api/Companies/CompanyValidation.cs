using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Workspaces.Api.Input;
using Workspaces.Data.Companies;

namespace Workspaces.Api.Companies;

[Description("A company to upsert by its companyId, and the person's membership of it.")]
public sealed record CompanyEntryRequest(
    [property: Description("Your own id for the company: case-sensitive, trimmed, 1-255 characters, no control characters.")]
    [property: Required, MinLength(1), MaxLength(CompanyValidation.MaxCompanyIdLength)]
    string? CompanyId = null,
    [property: Description("Company traits, merged shallowly into the stored ones exactly like a person's traits (null removes a key), with the same limits.")]
    JsonElement? Traits = null,
    [property: Description("The membership's attributes (a role, a seat, ...), merged and limited like traits.")]
    JsonElement? Attributes = null);

// Contract §2 "Companies and memberships": companyId like userId (but required), traits and attributes like a person's traits.
public static class CompanyValidation
{
    public const int MaxCompanyIdLength = 255;
    public const int MaxEntries = 50;

    public static CompanyInput? Validate(string? companyId, JsonElement? traits, Dictionary<string, string[]> errors, string prefix = "")
    {
        var trimmed = companyId?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxCompanyIdLength || trimmed.Any(char.IsControl))
        {
            errors[prefix + "companyId"] = [$"companyId must be 1-{MaxCompanyIdLength} characters without control characters."];
        }

        var json = JsonObjects.Read(traits, prefix + "traits", errors);
        return string.IsNullOrEmpty(trimmed) ? null : new CompanyInput(trimmed, json);
    }

    // Each entry's errors are named by its place: companies[2].companyId. A companyId given twice is an error on the repeat.
    public static List<CompanyEntry>? ValidateEntries(IReadOnlyList<CompanyEntryRequest?> entries, Dictionary<string, string[]> errors)
    {
        if (entries.Count > MaxEntries)
        {
            errors["companies"] = [$"companies may hold at most {MaxEntries} entries."];
            return null;
        }

        var found = new List<CompanyEntry>(entries.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var before = errors.Count;
        for (var i = 0; i < entries.Count; i++)
        {
            var prefix = $"companies[{i}].";
            if (entries[i] is not { } entry)
            {
                errors[$"companies[{i}]"] = ["Each entry must be an object with a companyId."];
                continue;
            }

            var company = Validate(entry.CompanyId, entry.Traits, errors, prefix);
            var attributes = JsonObjects.Read(entry.Attributes, prefix + "attributes", errors);
            if (company is not null && !seen.Add(company.CompanyId))
            {
                errors[prefix + "companyId"] = ["Each companyId may appear once in companies."];
            }
            else if (company is not null)
            {
                found.Add(new CompanyEntry(company, attributes));
            }
        }

        return errors.Count > before ? null : found;
    }
}
