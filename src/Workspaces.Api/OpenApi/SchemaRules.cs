using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Workspaces.Api.OpenApi;

// What the generator cannot infer from the records: times are strings (our converter hides that), [AllowedValues] is an
// enum, and a [Required] member may not be null either (the endpoint refuses both).
internal static class SchemaRules
{
    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        var nullable = Nullable.GetUnderlyingType(type) is not null;
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(DateTimeOffset))
        {
            schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
            schema.Format = "date-time";
        }

        if (context.JsonPropertyInfo?.AttributeProvider is { } member)
        {
            var attributes = member.GetCustomAttributes(inherit: false);
            schema.Description ??= attributes.OfType<DescriptionAttribute>().FirstOrDefault()?.Description;
            if (attributes.OfType<RequiredAttribute>().Any() && schema.Type is { } required)
            {
                schema.Type = required & ~JsonSchemaType.Null;
            }

            if (attributes.OfType<AllowedValuesAttribute>().FirstOrDefault() is { } allowed)
            {
                var target = schema.Items as OpenApiSchema ?? schema;
                target.Enum = [.. allowed.Values.Select(v => (JsonNode)JsonValue.Create(v?.ToString())!)];
            }
        }

        return Task.CompletedTask;
    }
}
