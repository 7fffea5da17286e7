using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace StreamingPlatform.Api.Infrastructure;

/// <summary>The Api's own activity source and meter (ServiceDefaults exports both by name).</summary>
public static class ApiTelemetry
{
    public const string Name = "StreamingPlatform.Api";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Publishes = Meter.CreateCounter<long>(
        "streaming.publishes", unit: "{publish}", description: "Publish attempts answered by the on_publish hook, by outcome.");

    public static readonly Counter<long> Heartbeats = Meter.CreateCounter<long>(
        "streaming.heartbeats", unit: "{heartbeat}", description: "on_update heartbeats, by outcome.");

    public static readonly Histogram<double> BroadcastDuration = Meter.CreateHistogram<double>(
        "streaming.broadcast.duration", unit: "s",
        description: "Time from a broadcast's start to its publisher's disconnect (a resumed broadcast is measured again at its next one).");

    public static readonly Histogram<long> RecordingSize = Meter.CreateHistogram<long>(
        "streaming.recording.size", unit: "By", description: "Size of each recording nginx closed; the sum is the bytes recorded.");

    public static readonly Counter<long> Reconciled = Meter.CreateCounter<long>(
        "streaming.reconcile.actions", unit: "{action}",
        description: "Hooks the Api caught up on after nginx answered for it (Api unreachable), by outcome.");

    public static readonly Counter<long> LadderAdmissions = Meter.CreateCounter<long>(
        "streaming.ladder.admissions", unit: "{connection}",
        description: "RTMP plays and rendition publishes nginx asked about (only the ladder's transcoder is admitted), by hook and outcome.");

    public static void CountLadderAdmission(string hook, bool admitted) => LadderAdmissions.Add(1,
        new KeyValuePair<string, object?>("streaming.hook", hook),
        new KeyValuePair<string, object?>("streaming.ladder.admission", admitted ? "admitted" : "refused"));

    public static readonly Counter<long> RealtimeOffers = Meter.CreateCounter<long>(
        "streaming.realtime.offers", unit: "{offer}",
        description: "Real-time (WebRTC) playback requests, by outcome (offered, not_live, no_mountpoint, janus_unavailable, off, invalid_name).");

    public static void CountRealtimeOffer(string outcome) => RealtimeOffers.Add(1, new KeyValuePair<string, object?>("streaming.realtime.offer", outcome));

    public static readonly Counter<long> AdminKeyChecks = Meter.CreateCounter<long>(
        "streaming.admin.key_checks", unit: "{request}",
        description: "Admin API requests by outcome of the key check: accepted, wrong_key (wrong or missing) or rate_limited (429).");

    public static void CountAdminKeyCheck(string outcome) => AdminKeyChecks.Add(1, new KeyValuePair<string, object?>("streaming.admin.key_check.outcome", outcome));

    public static void CountReconcile(string outcome) => Reconciled.Add(1, new KeyValuePair<string, object?>("streaming.reconcile.outcome", outcome));

    /// <summary>Publish attempts by outcome: <c>accepted</c> or the reason of the refusal.</summary>
    public static void CountPublish(string outcome) => Publishes.Add(1, new KeyValuePair<string, object?>("streaming.publish.outcome", outcome));

    private static long _browserBroadcasts;

    public static readonly ObservableGauge<long> BrowserBroadcasts = Meter.CreateObservableGauge(
        "streaming.golive.broadcasts", () => Interlocked.Read(ref _browserBroadcasts), unit: "{broadcast}",
        description: "Browser broadcasts (Go live page) this Api feeds into nginx now.");

    public static void CountBrowserBroadcast(int change) => Interlocked.Add(ref _browserBroadcasts, change);

    public static readonly Counter<long> BrowserBytes = Meter.CreateCounter<long>(
        "streaming.golive.received", unit: "By", description: "Media bytes received from browsers going live.");

    public static readonly Counter<long> BrowserFailures = Meter.CreateCounter<long>(
        "streaming.golive.failures", unit: "{session}",
        description: "Browser broadcasts refused or cut off, by reason (wrong_key, rate_limited, duplicate, publish_failed, ...).");

    public static void CountBrowserFailure(string reason) => BrowserFailures.Add(1, new KeyValuePair<string, object?>("streaming.golive.failure", reason));

    private static long _liveStreams;

    public static readonly ObservableGauge<long> LiveStreams = Meter.CreateObservableGauge(
        "streaming.live_stream.count", () => Interlocked.Read(ref _liveStreams), unit: "{stream}", description: "Streams live now, across all nginx nodes.");

    /// <summary>Set by <see cref="Sessions.LiveStreamGauge"/>; the meter reads the last value.</summary>
    public static void SetLiveStreams(long count) => Interlocked.Exchange(ref _liveStreams, count);
}
