using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Workspaces.Api.Tests.Testing;

// The served OpenAPI document as a checker of real exchanges: the operation a request hits must be documented, its status
// listed, its documented headers present, its body of a documented media type and valid against the schema (JSON Schema
// 2020-12, the dialect of OpenAPI 3.1, evaluated by JsonSchema.Net). Requests the API accepted must match the document too.
public sealed partial class OpenApiContract
{
    private static Task<OpenApiContract>? _served;
    private static int _responses;
    private static int _requests;

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.Hierarchical, RequireFormatValidation = true };
    private readonly List<(string Method, string Template, Regex Path, JsonObject Operation)> _operations = [];
    private readonly JsonObject _schemas;
    private readonly ConcurrentDictionary<string, JsonSchema> _compiled = new();

    public OpenApiContract(JsonObject document)
    {
        _schemas = document["components"]!["schemas"]!.AsObject();
        foreach (var (template, item) in document["paths"]!.AsObject())
        {
            // Literal segments before parameters, so /people/upsert is not taken for /people/{id}.
            var pattern = new Regex("^" + PathParameter().Replace(Regex.Escape(template), "[^/]+") + "$");
            foreach (var (method, operation) in item!.AsObject())
            {
                _operations.Add((method.ToUpperInvariant(), template, pattern, operation!.AsObject()));
            }
        }

        _operations.Sort((a, b) => PathParameter().Count(a.Template).CompareTo(PathParameter().Count(b.Template)));
    }

    public static int ResponsesChecked => _responses;

    public static int RequestsChecked => _requests;

    /// <returns>The document the test API serves, fetched once.</returns>
    public static Task<OpenApiContract> ServedAsync() => LazyInitializer.EnsureInitialized(ref _served, async () =>
    {
        using var client = Harness.Api.CreateClient();
        return new OpenApiContract(JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!.AsObject());
    });

    // Health and the document itself are served beside the API, not described by the v1 document.
    public static bool Describes(string path) =>
        !path.StartsWith("/health/", StringComparison.Ordinal) && !path.StartsWith("/openapi/", StringComparison.Ordinal);

    /// <returns>How the response, and the request when the API accepted it, differ from the document.</returns>
    public List<string> CheckExchange(SentRequest request, ReceivedResponse response)
    {
        var found = CheckResponse(request.Method, request.Path, response.Status, response.MediaType, response.HasHeader, response.Body);
        Interlocked.Increment(ref _responses);
        if (response.Status is >= 200 and < 300 && !HasInvalidBatchItem(request, response.Body))
        {
            found.AddRange(CheckRequest(request.Method, request.Path, request.Query, request.MediaType, request.Body));
            Interlocked.Increment(ref _requests);
        }

        return found;
    }

    // A batch answers 200 even when items were refused as invalid (each gets its own 400): such a request was not sent as
    // valid, so only its response is checked.
    private static bool HasInvalidBatchItem(SentRequest request, string body) =>
        request.Method == "POST" && request.Path.EndsWith("/people/batch", StringComparison.Ordinal)
        && JsonNode.Parse(body)?["results"]?.AsArray().Any(r => r?["status"]?.GetValue<int>() == 400) == true;

    public JsonObject? Operation(string method, string path) =>
        _operations.FirstOrDefault(o => o.Method == method && o.Path.IsMatch(path)).Operation;

    /// <returns>How the response differs from what the document promises for this request.</returns>
    private List<string> CheckResponse(string method, string path, int status, string? mediaType, Func<string, bool> hasHeader, string body)
    {
        var operation = Operation(method, path);
        if (operation is null)
        {
            // Outside the document only refusals are allowed: an unknown route or API version, a malformed or over-long
            // request, a method the route does not have.
            return status is 400 or 404 or 405 or 414 or 431 && mediaType == "application/problem+json"
                ? Validate("#/$defs/Problem", body, $"{method} {path} → {status}")
                : [$"{method} {path} is not in the document, and was answered {status} {mediaType}"];
        }

        var where = $"{method} {path} → {status}";
        if (operation["responses"]![status.ToString(CultureInfo.InvariantCulture)] is not JsonObject response)
        {
            return [$"{where}: status {status} is not documented ({string.Join(", ", operation["responses"]!.AsObject().Select(r => r.Key))})"];
        }

        var violations = new List<string>();
        foreach (var (name, header) in response["headers"]?.AsObject() ?? [])
        {
            if (header!["required"]?.GetValue<bool>() == true && !hasHeader(name))
            {
                violations.Add($"{where}: the documented header {name} is missing");
            }
        }

        var content = response["content"]?.AsObject();
        if (content is null)
        {
            if (body.Length > 0)
            {
                violations.Add($"{where}: a body was sent where the document has none");
            }

            return violations;
        }

        if (mediaType is null || content[mediaType]?["schema"] is not JsonObject schema)
        {
            violations.Add($"{where}: media type {mediaType ?? "(none)"} is not documented ({string.Join(", ", content.Select(c => c.Key))})");
            return violations;
        }

        violations.AddRange(Validate(schema, body, where));
        return violations;
    }

    /// <returns>How a request the API accepted differs from what the document allows.</returns>
    private List<string> CheckRequest(string method, string path, string query, string? mediaType, string? body)
    {
        var operation = Operation(method, path);
        var where = $"request {method} {path}{query}";
        if (operation is null)
        {
            return [$"{where} was accepted but is not in the document"];
        }

        var violations = new List<string>();
        var parameters = operation["parameters"]?.AsArray().Select(p => p!.AsObject()).ToList() ?? [];
        var queryValues = System.Web.HttpUtility.ParseQueryString(query);
        foreach (var name in queryValues.AllKeys)
        {
            if (parameters.FirstOrDefault(p => (string?)p["in"] == "query" && (string?)p["name"] == name) is not { } parameter)
            {
                violations.Add($"{where}: query parameter {name} is not documented");
                continue;
            }

            // Query values are text; the schema speaks of their JSON meaning (limit=5 is the integer 5).
            var value = queryValues[name]!;
            var json = parameter["schema"]!["type"]?.ToString() is "integer" or "boolean" ? value : JsonSerializer.Serialize(value);
            violations.AddRange(Validate(parameter["schema"]!.AsObject(), json, $"{where} ?{name}"));
        }

        if (body is { Length: > 0 })
        {
            if (operation["requestBody"]?["content"]?[mediaType ?? string.Empty]?["schema"] is JsonObject schema)
            {
                violations.AddRange(Validate(schema, body, where));
            }
            else
            {
                violations.Add($"{where}: a {mediaType} body is not documented");
            }
        }

        return violations;
    }

    private List<string> Validate(JsonObject schema, string body, string where) => Validate(schema.ToJsonString(), body, where);

    private List<string> Validate(string schemaOrRef, string body, string where)
    {
        JsonElement instance;
        try
        {
            instance = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException e)
        {
            return [$"{where}: the body is not JSON ({e.Message})"];
        }

        var schema = _compiled.GetOrAdd(schemaOrRef, Compile);
        var results = schema.Evaluate(instance, Evaluation);
        return results.IsValid ? [] : [.. Failures(results).Select(f => $"{where}: {f}").DefaultIfEmpty($"{where}: the body does not match the schema: {body}")];
    }

    // The errors of failed evaluations whose enclosing ones failed too: a oneOf branch that did not match is no failure
    // when another branch did.
    private static IEnumerable<string> Failures(EvaluationResults results) =>
        results.IsValid ? []
        : (results.Errors ?? new Dictionary<string, string>()).Select(e => $"{results.InstanceLocation} {e.Key}: {e.Value} (schema {results.EvaluationPath})")
            .Concat((results.Details ?? []).SelectMany(Failures));

    // One JSON Schema per documented schema: it, plus every component schema under $defs so that its $refs resolve.
    private JsonSchema Compile(string schemaOrRef)
    {
        var root = schemaOrRef.StartsWith('#')
            ? new JsonObject { ["$ref"] = schemaOrRef }
            : JsonNode.Parse(schemaOrRef.Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal))!.AsObject();
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = JsonNode.Parse(_schemas.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal));
        var id = new Uri($"https://openapi.test/{Guid.NewGuid():N}");
        return JsonSchema.Build(JsonDocument.Parse(root.ToJsonString()).RootElement, new BuildOptions { SchemaRegistry = new SchemaRegistry() }, id);
    }

    [GeneratedRegex(@"\\\{[^}]+\}|\{[^}]+\}")]
    private static partial Regex PathParameter();
}

public sealed record SentRequest(string Method, string Path, string Query, string? MediaType, string? Body);

public sealed record ReceivedResponse(int Status, string? MediaType, Func<string, bool> HasHeader, string Body);
