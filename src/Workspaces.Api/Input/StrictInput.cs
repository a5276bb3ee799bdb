using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Workspaces.Api.Errors;
using Workspaces.Api.Limits;

namespace Workspaces.Api.Input;

// The one door every request goes through before an endpoint or the workspace resolver reads it: the request target
// and, for a JSON body, the whole body are checked by RequestText. A refused request is a 400 (414 for an over-long
// target, 415 for a body that declares another charset) and reaches nothing that could store or query it.
public static class StrictInput
{
    // Kestrel's own limits are set above these (Program.cs), so the usual over-long request gets a problem from here
    // instead of Kestrel's empty answer.
    public const int MaxTargetLength = 8 * 1024;
    public const int MaxHeadersBytes = 32 * 1024;

    public static IApplicationBuilder UseStrictInput(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw
            ? raw
            : http.Request.PathBase.ToUriComponent() + http.Request.Path.ToUriComponent() + http.Request.QueryString.ToUriComponent();
        var refusal = target.Length > MaxTargetLength
                ? Problems.Problem(StatusCodes.Status414UriTooLong, "uri-too-long", "The request target is too long.", $"The limit is {MaxTargetLength} characters.")
            : HeadersBytes(http.Request.Headers) > MaxHeadersBytes
                ? Problems.Problem(
                    StatusCodes.Status431RequestHeaderFieldsTooLarge, "headers-too-large", "The request headers are too large.", $"The limit is {MaxHeadersBytes} bytes.")
            : RequestText.CheckTarget(target) is { } targetError
                ? Problems.Problem(StatusCodes.Status400BadRequest, "invalid-request-target", "The path or query is not valid.", targetError)
            : await CheckJsonBodyAsync(http);
        if (refusal is not null)
        {
            await refusal.ExecuteAsync(http);
            return;
        }

        await next(http);
    });

    // Reads a JSON body whole (within the route's size limit, which BodySizeLimits has set), checks it, and hands the
    // endpoint the same bytes. Other bodies are left to the endpoint (which answers 415).
    private static async Task<IResult?> CheckJsonBodyAsync(HttpContext http)
    {
        var request = http.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || !IsJson(contentType)
            || http.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return null;
        }

        if (contentType.Charset.HasValue && !contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Problem(
                StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "The body must be UTF-8 JSON.", $"charset={contentType.Charset} is not accepted.");
        }

        var body = await ReadWholeAsync(request, BodySizeLimits.For(http), http.RequestAborted);
        if (body is null)
        {
            return BodySizeLimits.TooLarge(BodySizeLimits.For(http));
        }

        if (body.Length > 0 && RequestText.CheckJson(body) is { } error)
        {
            return TypedResults.Problem(Problems.InvalidJsonDetails(new Dictionary<string, string[]> { ["body"] = [error] }, error));
        }

        request.Body = new MemoryStream(body, writable: false);
        return null;
    }

    /// <returns>The body, or null when it is longer than the limit.</returns>
    private static async Task<byte[]?> ReadWholeAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        // A declared length is within the limit here (BodySizeLimits refused the rest); a shorter body is the server's 400.
        if (request.ContentLength is { } length and <= int.MaxValue)
        {
            var exact = new byte[length];
            await request.Body.ReadExactlyAsync(exact, cancellationToken);
            return exact;
        }

        // Chunked: a server without a body limit of its own (a test server) is held to the same limit here.
        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > limit)
            {
                return null;
            }

            body.Write(buffer, 0, read);
        }

        return body.ToArray();
    }

    private static bool IsJson(MediaTypeHeaderValue contentType) =>
        contentType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || contentType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);

    private static long HeadersBytes(IHeaderDictionary headers)
    {
        var bytes = 0L;
        foreach (var (name, values) in headers)
        {
            bytes += name.Length + 4;
            foreach (var value in values)
            {
                bytes += value?.Length ?? 0;
            }
        }

        return bytes;
    }
}
