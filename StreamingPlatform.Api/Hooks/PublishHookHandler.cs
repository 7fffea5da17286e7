using System.Diagnostics;
using Microsoft.Extensions.Options;
using StreamingPlatform.Api.Channels;
using StreamingPlatform.Api.GoLive;
using StreamingPlatform.Api.Infrastructure;
using StreamingPlatform.Api.Options;
using StreamingPlatform.Api.Sessions;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.BroadcastState.Sessions;

namespace StreamingPlatform.Api.Hooks;

/// <summary>
/// The decisions behind nginx-rtmp's hooks. A publish is refused unless the name is valid, the key matches and
/// Redis records the session (fail closed); a heartbeat keeps streaming when Redis is briefly away (fail open),
/// since dropping every live phone for a Redis blip would be worse than a lease renewed late. A media disk below its
/// low-water mark refuses new publishes, and below its critical mark drops live ones at their heartbeat, so nginx never
/// records into a full disk (<see cref="MediaDisk"/>). The Api's own FFmpeg publishing a browser's broadcast shows a
/// <see cref="PublishGrant"/> instead of the key: admitted once at publish, checked against the current key at every heartbeat.
/// </summary>
public sealed class PublishHookHandler(
    ChannelRepository channels,
    SessionRepository sessions,
    MediaDisk disk,
    GrantStore grants,
    IOptions<HookOptions> hookOptions,
    IOptions<LiveSessionOptions> liveSessionOptions,
    TimeProvider time,
    RedisTracing redisTracing,
    ILogger<PublishHookHandler> logger)
{
    private TimeSpan Lease => liveSessionOptions.Value.Lease;

    /// <param name="arrivedAt">When the hook arrived: the connection's media clock starts there.</param>
    public async Task<PublishOutcome> OnPublishAsync(HookForm form, DateTimeOffset arrivedAt)
    {
        if (form.Grant is null && !string.IsNullOrEmpty(form.Key))
        {
            return await OnPublishWithKeyAsync(form, arrivedAt);
        }

        // With a grant or without a key: both reads leave together (one round trip); the span needs the first before it starts. A publish within the
        // reconnect grace window continues its broadcast, and so its trace.
        var resumableRead = sessions.GetResumableAsync(form.Name!);
        var keyRead = channels.GetKeyHashAsync(form.Name!);
        var resumable = await OrNullWhenRedisIsDownAsync(resumableRead);
        // A browser broadcast's FFmpeg names its browser session's span, which already sits in the broadcast's trace.
        using var activity = HookSpan.Start("publish", resumable?.TraceParent ?? (form.Grant is null ? null : form.TraceParent));
        var (outcome, grantId) = await DecidePublishAsync(form, keyRead, arrivedAt, activity);
        if (grantId is not null)
        {
            await RecordGrantOutcomeAsync(grantId, outcome);
        }

        return Record(outcome, activity);
    }

    /// <summary>
    /// The usual publish, with the stream key, in one round trip: the key is hashed here and compared, the name claimed and
    /// the trace context read by one script. The span starts before the call, as the first of a new trace: a new
    /// broadcast's session stores it. A publish within the reconnect grace window belongs to the trace of the broadcast it
    /// continues, known only from the answer: its span then starts again there, at the same time, and the first is dropped.
    /// </summary>
    private async Task<PublishOutcome> OnPublishWithKeyAsync(HookForm form, DateTimeOffset arrivedAt)
    {
        var name = form.Name!;
        var first = HookSpan.Start("publish", broadcastTraceParent: null);
        var fresh = PublishSession.Start(name, form.Node, form.ClientId ?? "", time, first?.Id);
        var reading = disk.ReadRecent();
        KeyedPublish answer;
        try
        {
            answer = await sessions.PublishWithKeyAsync(fresh, form.Key!, reading is { Level: not DiskLevel.Plenty }, Lease, arrivedAt);
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            using (first)
            {
                first?.SetTag("streaming.channel", name);
                HookLog.PublishRefusedStoreUnavailable(logger, name, exception);
                return Record(PublishOutcome.StoreUnavailable, first);
            }
        }

        using var activity = answer.ResumableTraceParent is { } trace && answer.Session?.Id != fresh.Id ? StartAgain(first, trace) : first;
        activity?.SetTag("streaming.channel", name);
        switch (answer.Outcome)
        {
            case PublishOutcome.Accepted:
                Accepted(form, answer.Session!, fresh, answer.Ladder, activity);
                break;
            case PublishOutcome.DiskLow:
                HookLog.PublishRefusedDiskLow(logger, name, reading!.Describe());
                break;
            default:
                HookLog.PublishRefused(logger, name, answer.Outcome.TagValue(), form.Node, form.ClientId);
                break;
        }

        return Record(answer.Outcome, activity);
    }

    /// <summary>The span <paramref name="first"/> again, in the trace <paramref name="traceParent"/>, with its Redis commands; the first is left out of traces.</summary>
    private Activity? StartAgain(Activity? first, string traceParent)
    {
        if (first is null)
        {
            return null;
        }

        var again = HookSpan.Start("publish", traceParent, first.StartTimeUtc);
        if (again is not null)
        {
            redisTracing.MoveCommands(first, again);
        }

        first.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        first.Stop();
        Activity.Current = again;
        return again;
    }

    private static PublishOutcome Record(PublishOutcome outcome, Activity? activity)
    {
        activity?.SetTag("streaming.publish.outcome", outcome.TagValue());
        if (outcome != PublishOutcome.Accepted)
        {
            activity?.SetStatus(ActivityStatusCode.Error, $"publish refused: {outcome.TagValue()}");
        }

        ApiTelemetry.CountPublish(outcome.TagValue());
        return outcome;
    }

    private void Accepted(HookForm form, PublishSession session, PublishSession fresh, bool ladder, Activity? activity)
    {
        activity?.SetTag("streaming.session.id", session.Id);
        if (session.Id == fresh.Id)
        {
            HookLog.PublishAccepted(logger, form.Name!, session.Id, form.Node, session.ClientId);
        }
        else
        {
            activity?.SetTag("streaming.session.resumed", true);
            HookLog.PublishResumed(logger, form.Name!, session.Id, form.Node, session.ClientId);
        }

        activity?.SetTag("streaming.ladder", ladder);
    }

    /// <summary>A publish refused for its name before it reached <see cref="OnPublishAsync"/>: counted like every refusal.</summary>
    public static void RecordInvalidName(Activity? activity)
    {
        activity?.SetTag("streaming.publish.outcome", PublishOutcome.InvalidName.TagValue());
        ApiTelemetry.CountPublish(PublishOutcome.InvalidName.TagValue());
    }

    public async Task<PublishOutcome> OnUpdateAsync(HookForm form)
    {
        // After an Api outage the lease may have run out while the stream went on: the open broadcast keeps the trace.
        var session = await OrNullWhenRedisIsDownAsync(sessions.GetAsync(form.Name!))
            ?? await OrNullWhenRedisIsDownAsync(sessions.GetOpenAsync(form.Name!));
        using var activity = HookSpan.Start("update", session?.TraceParent);
        var outcome = await DecideUpdateAsync(form);
        activity?.SetTag("streaming.channel", form.Name);
        activity?.SetTag("streaming.heartbeat.outcome", outcome.TagValue());
        ApiTelemetry.CountHeartbeat(outcome.TagValue());
        return outcome;
    }

    public async Task OnPublishDoneAsync(HookForm form)
    {
        var name = form.Name!;
        var live = await OrNullWhenRedisIsDownAsync(sessions.GetAsync(name)) ?? await OrNullWhenRedisIsDownAsync(sessions.GetOpenAsync(name));
        using var activity = HookSpan.Start("publish_done", live?.TraceParent);
        activity?.SetTag("streaming.channel", name);
        var owner = form.Owner;
        try
        {
            var grace = liveSessionOptions.Value.ReconnectGrace;
            if (live is not null && await sessions.EndAsync(live, owner, time.GetUtcNow(), grace, activity?.Id ?? live.TraceParent) is { } session)
            {
                activity?.SetTag("streaming.session.id", session.Id);
                activity?.SetTag("streaming.broadcast.duration", session.LiveFor(time).TotalSeconds);
                ApiTelemetry.BroadcastDuration.Record(session.LiveFor(time).TotalSeconds);
                HookLog.SessionEnded(logger, name, session.Id, session.LiveFor(time).TotalSeconds, grace.TotalSeconds);
            }
            else
            {
                HookLog.PublishDoneWithoutSession(logger, name, form.Node, form.ClientId);
            }
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            HookLog.PublishDoneStoreUnavailable(logger, name, exception);
        }
    }

    /// <returns>The outcome, and the id of the publish grant it took (its outcome is then recorded for the browser session).</returns>
    private async Task<(PublishOutcome Outcome, string? GrantId)> DecidePublishAsync(
        HookForm form, Task<StreamKeyHash?> keyRead, DateTimeOffset arrivedAt, Activity? activity)
    {
        var name = form.Name!;
        activity?.SetTag("streaming.channel", name);
        string? grantId = null;
        try
        {
            (var keyCheck, grantId) = form.Grant is null ? (CheckKey(form.Key, await keyRead), null) : await TakeGrantAsync(form, await keyRead);
            if (keyCheck != PublishOutcome.Accepted)
            {
                HookLog.PublishRefused(logger, name, keyCheck.TagValue(), form.Node, form.ClientId);
                return (keyCheck, grantId);
            }

            if (disk.ReadRecent() is { Level: not DiskLevel.Plenty } reading)
            {
                HookLog.PublishRefusedDiskLow(logger, name, reading.Describe());
                return (PublishOutcome.DiskLow, grantId);
            }

            var fresh = PublishSession.Start(name, form.Node, form.ClientId ?? "", time, activity?.Id);
            if (await sessions.PublishAsync(fresh, Lease, arrivedAt) is not var (session, ladder))
            {
                HookLog.PublishRefused(logger, name, PublishOutcome.Duplicate.TagValue(), form.Node, form.ClientId);
                return (PublishOutcome.Duplicate, grantId);
            }

            Accepted(form, session, fresh, ladder, activity);
            return (PublishOutcome.Accepted, grantId);
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            HookLog.PublishRefusedStoreUnavailable(logger, name, exception);
            return (PublishOutcome.StoreUnavailable, grantId);
        }
    }

    /// <summary>A publish grant admits one publish, before it expires, for the key it was made under.</summary>
    private async Task<(PublishOutcome Outcome, string? GrantId)> TakeGrantAsync(HookForm form, StreamKeyHash? stored)
    {
        if (stored is null)
        {
            return (PublishOutcome.UnknownChannel, null);
        }

        var (id, refusal) = PublishGrant.Check(hookOptions.Value.Secret, form.Name!, stored, form.Grant!, time.GetUtcNow(), checkExpiry: true);
        if (id is null || !await grants.TakeAsync(id))
        {
            HookLog.GrantRefused(logger, form.Name!, refusal ?? "publish grant already used");
            return (PublishOutcome.InvalidGrant, null);
        }

        return (PublishOutcome.Accepted, id);
    }

    private async Task RecordGrantOutcomeAsync(string grantId, PublishOutcome outcome)
    {
        try
        {
            await grants.RecordAsync(grantId, outcome);
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            // The browser session then sees no answer and tells its page the publish did not start.
        }
    }

    private async Task<PublishOutcome> DecideUpdateAsync(HookForm form)
    {
        var name = form.Name!;
        if (disk.ReadRecent() is { Level: DiskLevel.Critical } reading)
        {
            HookLog.HeartbeatRefusedDiskCritical(logger, name, reading.Describe());
            return PublishOutcome.DiskCritical;
        }

        try
        {
            // Checked on every heartbeat: rotating or deleting a key cuts off a publisher that still uses it.
            var keyCheck = form.Grant is not null ? CheckGrantStillValid(form, await channels.GetKeyHashAsync(name))
                : string.IsNullOrEmpty(form.Key) ? PublishOutcome.MissingKey
                : CheckKey(form.Key, await channels.GetKeyHashAsync(name));
            if (keyCheck != PublishOutcome.Accepted)
            {
                HookLog.HeartbeatRefused(logger, name, keyCheck.TagValue());
                return keyCheck;
            }

            // Connected and publishing, yet not one frame: refused, nginx drops it and publish_done frees the name.
            if (MediaFlow.IsSilent(form.Time, form.Timestamp, liveSessionOptions.Value.MediaWait))
            {
                HookLog.HeartbeatRefused(logger, name, PublishOutcome.NoMedia.TagValue());
                return PublishOutcome.NoMedia;
            }

            var owner = form.Owner;
            switch (await sessions.RenewAsync(name, owner, Lease))
            {
                case RenewResult.Renewed:
                    HookLog.HeartbeatRenewed(logger, name);
                    return PublishOutcome.Accepted;
                case RenewResult.NotOwner:
                    HookLog.HeartbeatRefused(logger, name, PublishOutcome.Duplicate.TagValue());
                    return PublishOutcome.Duplicate;
                default:
                    var reclaimed = PublishSession.Start(name, form.Node, form.ClientId ?? "", time, Activity.Current?.Id);
                    if (await sessions.StartAsync(reclaimed, Lease) is not { } session)
                    {
                        HookLog.HeartbeatRefused(logger, name, PublishOutcome.Duplicate.TagValue());
                        return PublishOutcome.Duplicate;
                    }

                    Activity.Current?.SetTag("streaming.session.id", session.Id);
                    HookLog.HeartbeatReclaimed(logger, name, session.Id);
                    return PublishOutcome.Accepted;
            }
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            HookLog.HeartbeatStoreUnavailable(logger, name, exception);
            return PublishOutcome.Accepted;
        }
    }

    /// <summary>For the trace lookups: when Redis is down the hook's span starts a trace of its own, and the decision that
    /// follows meets the outage and says so.</summary>
    private static async Task<PublishSession?> OrNullWhenRedisIsDownAsync(Task<PublishSession?> lookup)
    {
        try
        {
            return await lookup;
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            return null;
        }
    }

    private PublishOutcome CheckGrantStillValid(HookForm form, StreamKeyHash? stored) =>
        stored is null ? PublishOutcome.UnknownChannel
        : PublishGrant.Check(hookOptions.Value.Secret, form.Name!, stored, form.Grant!, time.GetUtcNow(), checkExpiry: false).Id is null ? PublishOutcome.InvalidGrant
        : PublishOutcome.Accepted;

    private static PublishOutcome CheckKey(string? key, StreamKeyHash? stored) => (key, stored) switch
    {
        (null or "", _) => PublishOutcome.MissingKey,
        (_, null) => PublishOutcome.UnknownChannel,
        _ => StreamKey.Verify(key, stored) ? PublishOutcome.Accepted : PublishOutcome.WrongKey,
    };
}
