using Microsoft.Extensions.Options;
using StreamingPlatform.Api.GoLive;
using StreamingPlatform.Api.Infrastructure;
using StreamingPlatform.Api.Options;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.Api.Apis;

/// <summary>
/// Going live from the browser (the Go live page): a WebSocket per broadcast, over the web app's own origin and port, so
/// it passes wherever the page loads (HTTPS ingress, reverse proxies). The stream key travels in the first message, never
/// in the URL. Errors before the upgrade are ProblemDetails; after it, JSON messages (<see cref="BrowserBroadcaster.Message"/>).
/// </summary>
public static class GoLiveApi
{
    public static IEndpointRouteBuilder MapGoLiveApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/streams/{name}/golive", Connect)
            .WithTags("Streams")
            .WithName("GoLive")
            .WithSummary("WebSocket: the first message {\"key\":\"...\"}, then MediaRecorder chunks (WebM or MP4) as binary messages; published to nginx as an ordinary broadcast.");
        return app;
    }

    public static async Task<IResult> Connect(
        string name, HttpContext context, BrowserBroadcaster broadcaster, IOptions<GoLiveOptions> options, CancellationToken cancellationToken)
    {
        if (!StreamName.IsValid(name))
        {
            ApiTelemetry.CountBrowserFailure("invalid_name");
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid stream name", detail: $"{StreamName.Rule}.");
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "WebSocket expected",
                detail: "Open this address as a WebSocket (the Go live page does).");
        }

        if (!options.Value.Enabled)
        {
            ApiTelemetry.CountBrowserFailure("off");
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Going live from the browser is off",
                detail: "This server has no GoLive:RtmpBaseUrl; publish with an RTMP app instead.");
        }

        if (!broadcaster.HasRoom)
        {
            ApiTelemetry.CountBrowserFailure("busy");
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Too many browser broadcasts",
                detail: "This server runs as many browser broadcasts as it may; try again later.");
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await broadcaster.RunAsync(socket, name, ClientAddress.Of(context.Connection.RemoteIpAddress), cancellationToken);
        return TypedResults.Empty;
    }
}
