using System.Diagnostics;
using Microsoft.Extensions.Options;
using StreamingPlatform.Api.Channels;
using StreamingPlatform.Api.Infrastructure;
using StreamingPlatform.Api.Outbox;
using StreamingPlatform.Api.Recordings;
using StreamingPlatform.Api.Sessions;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.BroadcastState.Sessions;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.Api.Hooks;

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
        var channel = form.Name!;
        PublishSession? broadcast;
        Exception? outage = null;
        try
        {
            broadcast = await sessions.SessionOfConnectionAsync(form.Owner);
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            (broadcast, outage) = (null, exception);
        }

        using var activity = HookSpan.Start("record_done", broadcast?.TraceParent);
        activity?.SetTag("streaming.channel", channel);
        var (outcome, reason) = await DecideAsync(form, channel, broadcast, outage);
        activity?.SetTag("streaming.recording.outcome", outcome.ToString().ToLowerInvariant());
        if (outcome != RecordDoneOutcome.Queued)
        {
            activity?.SetStatus(ActivityStatusCode.Error, reason);
        }

        return (outcome, reason);
    }

    private async Task<(RecordDoneOutcome Outcome, string Reason)> DecideAsync(HookForm form, string channel, PublishSession? broadcast, Exception? outage)
    {
        var activity = Activity.Current;
        if (!RecordingPath.TryResolve(form.Path, channel, media.Value, out var localPath, out var reason))
        {
            HookLog.RecordingRefused(logger, channel, StreamName.ForLog(form.Path), reason);
            activity?.SetTag("streaming.recording.refused", reason);
            return (RecordDoneOutcome.InvalidPath, reason);
        }

        var fileName = Path.GetFileName(localPath);
        RecordingFileName.TryParse(fileName, out _, out var recordingStartedAt);
        activity?.SetTag("streaming.recording.file", fileName);
        if (File.Exists(localPath))
        {
            var size = new FileInfo(localPath).Length;
            activity?.SetTag("streaming.recording.size", size);
            ApiTelemetry.RecordingSize.Record(size);
        }

        try
        {
            if (outage is not null)
            {
                return StoreUnavailable(channel, fileName, outage);
            }

            var sessionId = broadcast?.Id ?? RecordingFileName.OrphanSessionId(fileName);
            var now = time.GetUtcNow();
            var job = new RecordingCompleted(sessionId, channel, fileName);
            await recordings.RegisterAsync(job, recordingStartedAt, now, activity?.Id);
            outboxSignal.Notify();

            activity?.SetTag("streaming.session.id", sessionId);
            HookLog.RecordingQueued(logger, channel, sessionId, fileName);
            return (RecordDoneOutcome.Queued, "");
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            return StoreUnavailable(channel, fileName, exception);
        }
    }

    private (RecordDoneOutcome, string) StoreUnavailable(string channel, string fileName, Exception exception)
    {
        HookLog.RecordingStoreUnavailable(logger, channel, fileName, exception);
        return (RecordDoneOutcome.StoreUnavailable, "Redis is unavailable");
    }
}
