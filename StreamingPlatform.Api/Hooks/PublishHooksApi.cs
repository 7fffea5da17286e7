using Microsoft.AspNetCore.Http.HttpResults;
using StreamingPlatform.Api.Recordings;
using StreamingPlatform.Api.Sessions;

namespace StreamingPlatform.Api.Hooks;

/// <summary>
/// nginx-rtmp's notify hooks. nginx reads only the first digit of the status: 2xx lets the client go on,
/// anything else drops it.
/// </summary>
public static class PublishHooksApi
{
    public static IEndpointRouteBuilder MapPublishHooks(this IEndpointRouteBuilder app)
    {
        var hooks = app.MapHookGroup();
        hooks.MapPost("/publish", OnPublish)
            .WithName("OnPublish")
            .WithSummary("on_publish: may this client publish the name with this key?");
        hooks.MapPost("/update", OnUpdate)
            .WithName("OnUpdate")
            .WithSummary("on_update: heartbeat of a live publisher; renews its session's lease.");
        hooks.MapPost("/publish-done", OnPublishDone)
            .WithName("OnPublishDone")
            .WithSummary("on_publish_done: the publisher left; ends its session.");
        hooks.MapPost("/record-done", OnRecordDone)
            .WithName("OnRecordDone")
            .WithSummary("on_record_done: a recording file was closed; queues its VOD job.");

        return app;
    }

    /// <summary>The route group of nginx-rtmp's hooks: every call carries the hook secret.</summary>
    internal static RouteGroupBuilder MapHookGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup("/hooks")
            .WithTags("Hooks")
            .AddEndpointFilter<HookSecretFilter>()
            .DisableAntiforgery();

    public static Task<Results<NoContent, ProblemHttpResult>> OnPublish(
        HttpRequest request, PublishHookHandler handler, TimeProvider time, ILogger<PublishHookHandler> logger, CancellationToken cancellationToken)
    {
        var arrivedAt = time.GetUtcNow();
        return HookRequest.HandleAsync("publish", request, logger, cancellationToken,
            async form => ToResult(await handler.OnPublishAsync(form, arrivedAt)), onInvalidName: PublishHookHandler.RecordInvalidName);
    }

    /// <summary>The heartbeat also measures the connection's media clock (its <c>timestamp</c> field), for the viewers' delay.</summary>
    public static Task<Results<NoContent, ProblemHttpResult>> OnUpdate(
        HttpRequest request, PublishHookHandler handler, MediaClockRecorder clock, TimeProvider time, ILogger<PublishHookHandler> logger,
        CancellationToken cancellationToken)
    {
        var arrivedAt = time.GetUtcNow();
        return HookRequest.HandleAsync("update", request, logger, cancellationToken, async form =>
        {
            // nginx sends on_update for play connections too (call=update_play): nginx's own push to the dvr application and the
            // ladder's transcoder (admitted by on_play, LadderHooksApi). They carry no key and renew nothing, and refusing them
            // would drop the push or the transcoder.
            if (form.Call == "update_play")
            {
                return TypedResults.NoContent();
            }

            var outcome = await handler.OnUpdateAsync(form);
            if (outcome == PublishOutcome.Accepted)
            {
                await clock.HeartbeatAsync(form.Name!, form.Owner, form.Timestamp, arrivedAt);
            }

            return ToResult(outcome);
        });
    }

    /// <summary>nginx ignores this hook's answer; the session ends only if this publisher owned it.</summary>
    public static Task<Results<NoContent, ProblemHttpResult>> OnPublishDone(
        HttpRequest request, PublishHookHandler handler, ILogger<PublishHookHandler> logger, CancellationToken cancellationToken) =>
        HookRequest.HandleAsync("publish_done", request, logger, cancellationToken, async form =>
        {
            await handler.OnPublishDoneAsync(form);
            return TypedResults.NoContent();
        });

    public static Task<Results<NoContent, ProblemHttpResult>> OnRecordDone(
        HttpRequest request, RecordDoneHandler handler, ILogger<RecordDoneHandler> logger, CancellationToken cancellationToken) =>
        HookRequest.HandleAsync("record_done", request, logger, cancellationToken, async form => await handler.OnRecordDoneAsync(form) switch
        {
            (RecordDoneOutcome.Queued, _) => TypedResults.NoContent(),
            (RecordDoneOutcome.InvalidPath, var reason) => Problem(StatusCodes.Status400BadRequest, "Invalid recording path", reason),
            _ => Problem(StatusCodes.Status503ServiceUnavailable, "Job store unavailable", "Redis cannot be reached; the recording stays on disk for the reconciler."),
        });

    private static Results<NoContent, ProblemHttpResult> ToResult(PublishOutcome outcome) => outcome switch
    {
        PublishOutcome.Accepted => TypedResults.NoContent(),
        PublishOutcome.MissingKey => Problem(StatusCodes.Status403Forbidden, "Stream key missing", "Publish to rtmp://HOST:1935/live/NAME?key=KEY."),
        PublishOutcome.UnknownChannel => Problem(StatusCodes.Status403Forbidden, "Unknown channel", "No channel has this name; create it with the admin API first."),
        PublishOutcome.WrongKey => Problem(StatusCodes.Status403Forbidden, "Wrong stream key", "The key does not match this channel's current key."),
        PublishOutcome.InvalidGrant => Problem(StatusCodes.Status403Forbidden, "Invalid publish grant",
            "The grant is malformed, expired, already used, or not made for this channel's current key."),
        PublishOutcome.Duplicate => Problem(StatusCodes.Status409Conflict, "Already live", "Another publisher is live on this channel."),
        PublishOutcome.NoMedia => Problem(StatusCodes.Status422UnprocessableEntity, "No media", "The publisher has sent no audio or video since it started publishing."),
        PublishOutcome.DiskLow or PublishOutcome.DiskCritical => Problem(StatusCodes.Status507InsufficientStorage, "Media disk full",
            "The media disk is below its free-space mark; publishing is refused until space is freed (see the Api's /health)."),
        PublishOutcome.StoreUnavailable => Problem(StatusCodes.Status503ServiceUnavailable, "Session store unavailable", "Redis cannot be reached; publishing is refused until it is back."),
        _ => Problem(StatusCodes.Status400BadRequest, "Refused", outcome.TagValue()),
    };

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
