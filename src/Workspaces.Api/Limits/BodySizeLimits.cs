using Microsoft.AspNetCore.Http.Features;
using Workspaces.Api.Errors;

namespace Workspaces.Api.Limits;

public sealed record BodySizeLimit(long Bytes);

// Request bodies: 1 MiB unless the endpoint says otherwise (batch: 5 MiB). A declared length over the limit is
// refused before reading; a chunked body is cut off by the server at the same limit (also a 413).
public static class BodySizeLimits
{
    public const long DefaultBytes = 1024 * 1024;

    public static RouteHandlerBuilder WithBodySizeLimit(this RouteHandlerBuilder endpoint, long bytes) =>
        endpoint.WithMetadata(new BodySizeLimit(bytes));

    public static IApplicationBuilder UseBodySizeLimits(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var limit = For(http);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        if (http.Request.ContentLength > limit)
        {
            await TooLarge(limit).ExecuteAsync(http);
            return;
        }

        await next(http);
    });

    public static long For(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<BodySizeLimit>()?.Bytes ?? DefaultBytes;

    public static IResult TooLarge(long limit) => Problems.Problem(
        StatusCodes.Status413PayloadTooLarge, "payload-too-large", "The request body is too large.", $"The limit for this route is {limit} bytes.");
}
