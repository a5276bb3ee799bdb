using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Workspaces.Api.Paging;

namespace Workspaces.Api.OpenApi;

// Declares every {parameter} of the route on its operation (a handler that does not bind one, like {workspaceId} on the
// batch, leaves it out of the generated document) and describes each path and query parameter in one table.
internal static partial class RouteParameters
{
    private static readonly Dictionary<string, string> Descriptions = new()
    {
        ["workspaceId"] = "The workspace's id; the token must belong to this workspace.",
        ["tokenId"] = "The token's id (its jti).",
        ["updateOnly"] = "true: update an existing person (or company) only; when none matches, answer 404 instead of creating one.",
        ["userId"] = "Look up the person with this userId (trimmed). Not together with email.",
        ["email"] = "Look up the person with this email (trimmed, compared lower-case). Not together with userId.",
        ["limit"] = $"Page size, {1}-{Cursors.MaxLimit}; default {Cursors.DefaultLimit}.",
        ["personId"] = "The person's id (prs_...).",
        ["companyId"] = "Look up the company with this companyId (trimmed, case-sensitive).",
        ["cursor"] = "The nextCursor of the previous page. Opaque; a modified cursor, or one from another list, is a 400.",
    };

    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var path = context.Description.RelativePath ?? string.Empty;
        operation.Parameters ??= [];
        foreach (var name in RouteParameter().Matches(path).Select(m => m.Groups[1].Value))
        {
            if (!operation.Parameters.Any(p => p.Name == name && p.In == ParameterLocation.Path))
            {
                operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Path, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
            }
        }

        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
        {
            parameter.Description = parameter.Name == "id"
                ? path.Contains("admin/", StringComparison.Ordinal) ? "The workspace's id."
                    : path.Contains("/companies/{id}", StringComparison.Ordinal) ? "The company's id (cmp_...)." : "The person's id (prs_...)."
                : Descriptions.GetValueOrDefault(parameter.Name!, parameter.Description ?? string.Empty);
            if (parameter.Name == "limit" && parameter.Schema is OpenApiSchema limit)
            {
                limit.Type = JsonSchemaType.Integer;
                limit.Pattern = null;
                limit.Minimum = "1";
                limit.Maximum = Cursors.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
                limit.Default = Cursors.DefaultLimit;
            }
        }

        return Task.CompletedTask;
    }

    [GeneratedRegex(@"\{(\w+)(?::[^}]*)?\}")]
    private static partial Regex RouteParameter();
}
