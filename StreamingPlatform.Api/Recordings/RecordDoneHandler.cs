using Microsoft.Extensions.Options;
using StreamingPlatform.Api.Channels;
using StreamingPlatform.Api.Hooks;
using StreamingPlatform.Api.Infrastructure;
using StreamingPlatform.Api.Options;
using StreamingPlatform.Api.Outbox;
using StreamingPlatform.Api.Sessions;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.Api.Recordings;

/// <summary>
/// on_record_done: nginx closed a recording. Validates its path, attaches it to the broadcast that recorded it and
/// queues the VOD job. Answers in the time of one Redis script, whatever the recording's size: the outbox relay
/// publishes, the VodWorker remuxes.
/// </summary>
public sealed class RecordDoneHandler(
    SessionRepository sessions,
    RecordingRepository recordings,
    OutboxSignal outboxSignal,
    IOptions<MediaOptions> media,
    TimeProvider time,
    ILogger<RecordDoneHandler> logger)
{
    public async Task<(RecordDoneOutcome Outcome, string Reason)> OnRecordDoneAsync(HookForm form)
    {
        using var activity = ApiTelemetry.Source.StartActivity("hook record_done");
        var channel = form.Name!;
        activity?.SetTag("streaming.channel", channel);

        if (!RecordingPath.TryResolve(form.Path, channel, media.Value, out var localPath, out var reason))
        {
            HookLog.RecordingRefused(logger, channel, StreamName.ForLog(form.Path), reason);
            activity?.SetTag("streaming.recording.refused", reason);
            return (RecordDoneOutcome.InvalidPath, reason);
        }

        var fileName = Path.GetFileName(localPath);
        RecordingFileName.TryParse(fileName, out _, out var recordingStartedAt);
        try
        {
            var sessionId = await sessions.SessionIdOfConnectionAsync(PublishSession.OwnerOf(form.Node, form.ClientId ?? ""))
                ?? RecordingFileName.OrphanSessionId(fileName);
            var now = time.GetUtcNow();
            var job = new RecordingCompleted(sessionId, channel, localPath, recordingStartedAt, now);
            await recordings.RegisterAsync(job, recordingStartedAt, now);
            outboxSignal.Notify();

            activity?.SetTag("streaming.session.id", sessionId);
            HookLog.RecordingQueued(logger, channel, sessionId, fileName);
            return (RecordDoneOutcome.Queued, "");
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            HookLog.RecordingStoreUnavailable(logger, channel, fileName, exception);
            return (RecordDoneOutcome.StoreUnavailable, "Redis is unavailable");
        }
    }
}
