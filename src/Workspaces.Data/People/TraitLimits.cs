using System.Text;
using System.Text.Json.Nodes;

namespace Workspaces.Data.People;

// Contract §2: the limits traits keep, checked on the request and again on the merged result.
// A one-statement upsert cannot check them exactly without reading the person first; it writes only under a guard that
// implies them (KeyUpsert.For), and otherwise leaves the decision to this check.
public static class TraitLimits
{
    public const int MaxKeyLength = 128;
    public const int MaxKeys = 256;
    public const int MaxBytes = 32 * 1024;
    public const int MaxDepth = 8;

    // How much larger System.Text.Json's default escaping can make JSON text than an engine prints it: a one-byte
    // character such as '<' becomes the six bytes "\u003C" (multi-byte characters grow less).
    public const int MaxEscapingGrowth = 6;

    /// <summary>Adds to <paramref name="errors"/> each limit the traits break after merging.</summary>
    /// <param name="field">The member the errors name: traits, or a company's traits or a membership's attributes, which keep the same limits.</param>
    public static void Check(JsonObject traits, Dictionary<string, string[]> errors, string field = "traits")
    {
        var problems = new List<string>();
        if (traits.Count > MaxKeys)
        {
            problems.Add($"{field} may have at most {MaxKeys} keys after merging.");
        }

        if (Depth(traits) > MaxDepth)
        {
            problems.Add($"{field} may nest at most {MaxDepth} levels deep.");
        }

        if (Encoding.UTF8.GetByteCount(traits.ToJsonString()) > MaxBytes)
        {
            problems.Add($"{field} may be at most {MaxBytes} bytes serialised after merging.");
        }

        if (problems.Count > 0)
        {
            errors[field] = [.. errors.GetValueOrDefault(field) ?? [], .. problems];
        }
    }

    // The guard of a one-statement upsert: the merged traits surely fit MaxBytes when the stored traits the patch keeps
    // print (as the engine prints JSON) in at most this many bytes. Depth needs no guard: a shallow merge of two
    // valid objects is no deeper than either.
    public static int MaxKeptBytes(int patchBytes) => (MaxBytes - patchBytes) / MaxEscapingGrowth;

    // The traits object itself is level 1; each nested object or array adds one.
    private static int Depth(JsonNode? node) => node switch
    {
        JsonObject o => 1 + o.Select(p => Depth(p.Value)).DefaultIfEmpty(0).Max(),
        JsonArray a => 1 + a.Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };
}
