using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workspaces.Data.People;

/// <summary>
/// A traits patch (or a company's traits, a membership's attributes) as an engine's one-statement merge takes it,
/// TraitsMerge in the engine's SQL: kept = stored minus <see cref="Keys"/>, merged = kept plus <see cref="Set"/>.
/// </summary>
/// <param name="Set">The patch's non-null values as a JSON object.</param>
/// <param name="Keys">Every key the patch names, null-valued ones (removals) included.</param>
/// <param name="MaxKeptBytes">The guard: write only when the stored object's kept keys print in at most this many bytes
/// (then the merged object surely keeps TraitLimits.MaxBytes; the statement also checks TraitLimits.MaxKeys).</param>
public readonly record struct PatchParameters(string Set, string[] Keys, int MaxKeptBytes)
{
    public static PatchParameters For(JsonObject? patch)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in patch ?? [])
            {
                if (value is not null)
                {
                    writer.WritePropertyName(name);
                    value.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return new(Encoding.UTF8.GetString(buffer.WrittenSpan), [.. patch?.Select(p => p.Key) ?? []], TraitLimits.MaxKeptBytes(buffer.WrittenCount));
    }
}
