using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using StreamingPlatform.Api.Infrastructure;
using StreamingPlatform.Api.Options;
using StreamingPlatform.Api.Realtime;
using StreamingPlatform.Api.Sessions;
using StreamingPlatform.BroadcastState.Realtime;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.Api.Apis;

/// <summary>
/// Real-time playback (WebRTC through Janus), brokered: the page asks for an offer, sends its answer, keeps its session
/// alive and hangs up; the Api talks to Janus with its API secret. Only a live channel gets an offer (nothing plays in
/// real time that HLS would not show). Any failure is a ProblemDetails, and the page then plays HLS.
/// </summary>
public static class RealtimeApi
{
    private const int MaxSdpLength = 64 * 1024;

    public static IEndpointRouteBuilder MapRealtimeApi(this IEndpointRouteBuilder app)
    {
        var realtime = app.MapGroup($"{StreamsApi.Route}/{{name}}/realtime").WithTags("Streams");

        realtime.MapPost("/", Offer)
            .WithName("OfferRealtime")
            .WithSummary("Starts watching a live stream over WebRTC: Janus's SDP offer and the session ids to answer with; 503 when real time is unavailable.");
        realtime.MapPost("/{session}/{handle}/answer", Answer)
            .WithName("AnswerRealtime")
            .WithSummary("The browser's SDP answer (with its ICE candidates) to the offer; media flows once it is accepted.");
        realtime.MapPost("/{session}/keepalive", KeepAlive)
            .WithName("KeepRealtimeAlive")
            .WithSummary("Keeps a real-time session (Janus forgets one after 60 s without it); 404 once it is gone.");
        realtime.MapDelete("/{session}", HangUp)
            .WithName("HangUpRealtime")
            .WithSummary("Ends a real-time session.");

        return app;
    }

    public sealed record SdpAnswer(string? Sdp);

    public static async Task<Results<Ok<RealtimeOffer>, ProblemHttpResult>> Offer(
        string name, SessionRepository sessions, RealtimeSignalling signalling, IOptions<RealtimeOptions> options, ILogger<RealtimeSignalling> logger,
        CancellationToken cancellationToken)
    {
        if (!StreamName.IsValid(name))
        {
            return Counted("invalid_name", TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid stream name", detail: $"{StreamName.Rule}."));
        }

        if (!options.Value.Enabled)
        {
            return Counted("off", Unavailable("Real-time playback is not configured on this server."));
        }

        if (await sessions.GetAsync(name) is not { } session)
        {
            return Counted("not_live", TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not live", detail: $"No one is live on '{name}' now."));
        }

        ActivityContext.TryParse(session.TraceParent, null, out var parent);
        using var activity = ApiTelemetry.Source.StartActivity("realtime offer", ActivityKind.Internal, parent);
        activity?.SetTag("streaming.channel", name);
        activity?.SetTag("streaming.session.id", session.Id);
        try
        {
            if (await signalling.OfferAsync(name, cancellationToken) is not { } offer)
            {
                RealtimeLog.NoMountpoint(logger, name);
                activity?.SetTag("streaming.realtime.offer", "no_mountpoint");
                return Counted("no_mountpoint", Unavailable($"Real-time playback of '{name}' is starting or unavailable; play HLS."));
            }

            RealtimeLog.Offered(logger, name, session.Id, long.Parse(offer.Session));
            activity?.SetTag("streaming.realtime.offer", "offered");
            return Counted("offered", TypedResults.Ok(offer));
        }
        catch (Exception exception) when (exception is HttpRequestException or JanusException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            RealtimeLog.JanusFailed(logger, name, exception.Message);
            activity?.SetStatus(ActivityStatusCode.Error, "janus unavailable");
            return Counted("janus_unavailable", Unavailable("The real-time server is unavailable; play HLS."));
        }
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Answer(
        string name, string session, string handle, SdpAnswer answer, RealtimeSignalling signalling, ILogger<RealtimeSignalling> logger,
        CancellationToken cancellationToken)
    {
        if (Invalid(name, session, handle) is { } problem)
        {
            return problem;
        }

        if (answer.Sdp is not { Length: > 0 and <= MaxSdpLength } sdp || !sdp.StartsWith("v=0", StringComparison.Ordinal))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid SDP answer",
                detail: $"The body must be {{\"sdp\": \"v=0...\"}}, an SDP answer of at most {MaxSdpLength} characters.");
        }

        return await ForwardAsync(name, session, () => signalling.AnswerAsync(long.Parse(session), long.Parse(handle), sdp, cancellationToken), logger, cancellationToken);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> KeepAlive(
        string name, string session, RealtimeSignalling signalling, ILogger<RealtimeSignalling> logger, CancellationToken cancellationToken) =>
        Invalid(name, session, "0") ?? await ForwardAsync(name, session, () => signalling.KeepAliveAsync(long.Parse(session), cancellationToken), logger, cancellationToken);

    public static async Task<Results<NoContent, ProblemHttpResult>> HangUp(
        string name, string session, RealtimeSignalling signalling, ILogger<RealtimeSignalling> logger, CancellationToken cancellationToken) =>
        Invalid(name, session, "0") ?? await ForwardAsync(name, session, () => signalling.HangUpAsync(long.Parse(session), cancellationToken), logger, cancellationToken);

    private static async Task<Results<NoContent, ProblemHttpResult>> ForwardAsync(
        string name, string session, Func<Task> request, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await request();
            return TypedResults.NoContent();
        }
        catch (JanusException exception) when (exception.Code is 458 or 459)
        {
            RealtimeLog.Refused(logger, name, long.Parse(session), exception.Message);
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such real-time session",
                detail: "The session ended or expired; ask for a new offer.");
        }
        catch (Exception exception) when (exception is HttpRequestException or JanusException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            RealtimeLog.JanusFailed(logger, name, exception.Message);
            return Unavailable("The real-time server is unavailable; play HLS.");
        }
    }

    /// <summary>Janus's session and handle ids are unsigned 64-bit numbers it drew at random.</summary>
    private static ProblemHttpResult? Invalid(string name, string session, string handle)
    {
        if (!StreamName.IsValid(name))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid stream name", detail: $"{StreamName.Rule}.");
        }

        return long.TryParse(session, System.Globalization.NumberStyles.None, null, out var s) && s > 0
            && long.TryParse(handle, System.Globalization.NumberStyles.None, null, out var h) && h >= 0
            ? null
            : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid real-time session", detail: "Session and handle are the decimal ids of the offer.");
    }

    private static ProblemHttpResult Unavailable(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Real time unavailable", detail: detail);

    private static T Counted<T>(string outcome, T result)
    {
        ApiTelemetry.CountRealtimeOffer(outcome);
        return result;
    }
}
