using System.Diagnostics;
using Microsoft.Extensions.Options;
using StreamingPlatform.Api.Infrastructure;
using StreamingPlatform.Api.Options;
using StreamingPlatform.Api.Outbox;
using StreamingPlatform.Api.Recordings;
using StreamingPlatform.Api.Sessions;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.Api.Reconciliation;

/// <summary>
/// Catches up on the hooks nginx answered for the Api while it was unreachable (nginx's hook proxy says 200 to
/// on_update, on_publish_done and on_record_done then): at start-up and every ReconcileIntervalSeconds.
/// <list type="bullet">
/// <item>An open broadcast whose lease ran out is ended as its publish_done would have ended it, but only once it has
/// stayed without a heartbeat for one more lease: right after the Api's return, live publishers' leases have lapsed
/// too, and their next heartbeat renews them (continuing the same session) within a heartbeat interval.</item>
/// <item>A recording no record_done announced (not in <c>recordings:known</c>), untouched for RecordingQuietSeconds
/// and not the current file of a live channel, is attached to its broadcast exactly as record_done does.</item>
/// </list>
/// Every action is idempotent and re-checked inside Redis, so several Api replicas may reconcile side by side.
/// </summary>
public sealed class HookReconciler(
    SessionRepository sessions,
    RecordingRepository recordings,
    OutboxSignal outboxSignal,
    IOptions<LiveSessionOptions> sessionOptions,
    IOptions<MediaOptions> media,
    TimeProvider time,
    ILogger<HookReconciler> logger) : BackgroundService
{
    // Lapsed broadcasts looked at per pass: a batch keeps each Redis script short when a crashed nginx took many streams.
    private const int MaxLapsedPerPass = 100;

    // Open broadcasts seen without a lease, and since when; kept per Api process (a restart starts the wait over).
    private readonly Dictionary<string, (string SessionId, DateTimeOffset Since)> _lapsed = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = sessionOptions.Value.ReconcileInterval;
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            do
            {
                try
                {
                    await ReconcileAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    ReconcileLog.PassFailed(logger, interval.TotalSeconds, exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        await EndLapsedSessionsAsync();
        await AttachUnannouncedRecordingsAsync(cancellationToken);
    }

    private async Task EndLapsedSessionsAsync()
    {
        var now = time.GetUtcNow();
        var options = sessionOptions.Value;
        var expired = await sessions.ListExpiredOpenAsync(MaxLapsedPerPass);
        foreach (var gone in _lapsed.Keys.Except(expired.Select(s => s.Channel)).ToList())
        {
            _lapsed.Remove(gone); // renewed, or ended by its publish_done
        }

        foreach (var session in expired)
        {
            if (!_lapsed.TryGetValue(session.Channel, out var seen) || seen.SessionId != session.Id)
            {
                _lapsed[session.Channel] = (session.Id, now);
                ReconcileLog.LeaseLapsed(logger, session.Channel, session.Id, options.Lease.TotalSeconds);
                continue;
            }

            if (now - seen.Since < options.Lease)
            {
                continue;
            }

            using var activity = Start(session.TraceParent, ReconcileOutcome.SessionEnded, session.Channel, session.Id);
            if (await sessions.EndExpiredAsync(session, now, options.ReconnectGrace, activity?.Id ?? session.TraceParent) is not null)
            {
                _lapsed.Remove(session.Channel);
                ApiTelemetry.CountReconcile(ReconcileOutcome.SessionEnded);
                ApiTelemetry.BroadcastDuration.Record((seen.Since - session.StartedAt).TotalSeconds);
                ReconcileLog.SessionEnded(logger, session.Channel, session.Id, (now - seen.Since).TotalSeconds, options.ReconnectGrace.TotalSeconds);
                outboxSignal.Notify();
            }
        }
    }

    private async Task AttachUnannouncedRecordingsAsync(CancellationToken cancellationToken)
    {
        var folder = new DirectoryInfo(media.Value.Recordings);
        if (!folder.Exists)
        {
            return;
        }

        var now = time.GetUtcNow();
        var files = new List<(FileInfo File, string Channel, DateTimeOffset RecordedAt)>();
        foreach (var file in folder.EnumerateFiles("*.flv"))
        {
            if (file.LinkTarget is null && RecordingFileName.TryParse(file.Name, out var channel, out var recordedAt))
            {
                files.Add((file, channel, recordedAt));
            }
        }

        var quiet = files.Where(f => now - f.File.LastWriteTimeUtc >= sessionOptions.Value.RecordingQuiet).ToList();
        if (quiet.Count == 0)
        {
            return;
        }

        var newest = files.GroupBy(f => f.Channel).ToDictionary(g => g.Key, g => g.MaxBy(f => f.RecordedAt).File.Name);
        var known = await recordings.AreKnownAsync(quiet.Select(f => f.File.Name).ToList());
        foreach (var (file, channel, recordedAt) in quiet.Where((_, i) => !known[i]))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (newest[channel] == file.Name && await sessions.GetAsync(channel) is not null)
            {
                continue; // the live publisher's current file, idle for now
            }

            await AttachAsync(file, channel, recordedAt, now);
        }
    }

    private async Task AttachAsync(FileInfo file, string channel, DateTimeOffset recordedAt, DateTimeOffset now)
    {
        // The broadcast still open, or within its reconnect grace window, if the file was recorded during it;
        // otherwise the id derived from the file's name (RecordingFileName.OrphanSessionId).
        var broadcast = await sessions.GetOpenAsync(channel) ?? await sessions.GetResumableAsync(channel);
        if (broadcast is not null && recordedAt < broadcast.StartedAt - TimeSpan.FromSeconds(2))
        {
            broadcast = null;
        }

        var sessionId = broadcast?.Id ?? RecordingFileName.OrphanSessionId(file.Name);
        using var activity = Start(broadcast?.TraceParent, ReconcileOutcome.RecordingAttached, channel, sessionId);
        activity?.SetTag("streaming.recording.file", file.Name);
        activity?.SetTag("streaming.recording.size", file.Length);
        await recordings.RegisterAsync(new RecordingCompleted(sessionId, channel, file.Name), recordedAt, now, activity?.Id);
        outboxSignal.Notify();
        ApiTelemetry.RecordingSize.Record(file.Length);
        ApiTelemetry.CountReconcile(ReconcileOutcome.RecordingAttached);
        ReconcileLog.RecordingAttached(logger, file.Name, channel, sessionId);
    }

    private static Activity? Start(string? broadcastTraceParent, string outcome, string channel, string sessionId)
    {
        var activity = HookSpan.StartReconcile(broadcastTraceParent);
        activity?.SetTag("streaming.reconcile.outcome", outcome);
        activity?.SetTag("streaming.channel", channel);
        activity?.SetTag("streaming.session.id", sessionId);
        return activity;
    }
}
