using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Workspaces.Api.OpenApi;

// The answers a route can give besides its own: what the input checks (Input/StrictInput), authentication, rate
// limiting, body limits, the workspace resolver and an unreachable database answer on every route they apply to, each with its problem body and headers.
// Route-specific problems (a 404 for a missing person, a 409) are declared on the endpoint with ProducesProblem.
internal static class CommonResponses
{
    private static readonly Dictionary<int, string> Descriptions = new()
    {
        [400] = "The request is not valid: a malformed path or query value, or a body that is not valid JSON of the documented " +
            "shape (errors names each field). Nothing was changed.",
        [401] = "No valid token: missing, malformed, badly signed, of another issuer or audience, expired or revoked.",
        [403] = "The token may not do this: a token of another workspace (the same answer whether or not that workspace exists), " +
            "a missing scope, a token of the wrong kind, or a suspended workspace.",
        [404] = "Nothing matches: the resource named by the path does not exist (on workspace routes, also when the workspace " +
            "was deleted meanwhile).",
        [409] = "A conflict: the problem's type says which (identity-conflict names conflictingPersonIds; workspace-id-taken).",
        [413] = "The body is over the route's limit (1 MiB; batch 5 MiB).",
        [414] = "The request target (path and query) is over 8 KiB.",
        [415] = "The body is not UTF-8 application/json.",
        [431] = "The request headers are over 32 KiB.",
        [429] = "The token's rate limit is exhausted; retry after Retry-After seconds.",
        [503] = "The database is unreachable (transient faults were already retried), or the workspace is moving to another database server (its writes only); retry after Retry-After seconds.",
    };

    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        var description = context.Description;
        var authorized = description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any();
        var inWorkspace = description.RelativePath?.Contains("{workspaceId}", StringComparison.Ordinal) == true;
        var hasBody = operation.RequestBody is not null;
        operation.Responses ??= [];

        var statuses = new List<int> { 400, 414, 431, 503 };
        if (authorized)
        {
            statuses.AddRange([401, 403, 429]);
        }

        if (inWorkspace)
        {
            statuses.Add(404); // the workspace was deleted while the request was on its way
        }

        if (hasBody)
        {
            statuses.AddRange([413, 415]);
        }

        foreach (var status in statuses)
        {
            operation.Responses.TryAdd(Key(status), new OpenApiResponse());
        }

        foreach (var (key, response) in operation.Responses.Select(r => (r.Key, r.Value)).ToList())
        {
            var status = int.Parse(key, CultureInfo.InvariantCulture);
            if (response is not OpenApiResponse editable)
            {
                continue;
            }

            if (status >= 400)
            {
                editable.Description = Descriptions.GetValueOrDefault(status, editable.Description ?? "A problem.");
                editable.Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("Problem", document) },
                };
            }

            var header = status switch
            {
                401 => ("WWW-Authenticate", "Bearer, with the reason in error and error_description when a token was given."),
                429 or 503 => ("Retry-After", "Seconds to wait before retrying."),
                201 => ("Location", "The URL of the created resource."),
                _ => default((string Name, string Text)?),
            };
            if (header is var (name, text))
            {
                editable.Headers ??= new Dictionary<string, IOpenApiHeader>();
                editable.Headers[name] = new OpenApiHeader { Description = text, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }
        }

        // Statuses in numeric order read better than in the order they were added.
        var sorted = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        operation.Responses.Clear();
        foreach (var (key, response) in sorted)
        {
            operation.Responses.Add(key, response);
        }

        return Task.CompletedTask;
    }

    private static string Key(int status) => status.ToString(CultureInfo.InvariantCulture);
}
