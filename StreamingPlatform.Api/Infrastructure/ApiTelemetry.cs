using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace StreamingPlatform.Api.Infrastructure;

/// <summary>The Api's own activity source and meter (<see cref="ServiceTelemetry.Api"/>), and the metrics of its hooks and APIs.</summary>
public static class ApiTelemetry
{
    public const string Name = ServiceTelemetry.ApiName;

    public static ActivitySource Source => ServiceTelemetry.Api.Source;

    public static Meter Meter => ServiceTelemetry.Api.Meter;

    private static readonly OutcomeCounter Publishes = ServiceTelemetry.Api.CountByOutcome(
        "streaming.publishes", "{publish}", "Publish attempts answered by the on_publish hook, by outcome.", "streaming.publish.outcome");

    private static readonly OutcomeCounter Heartbeats = ServiceTelemetry.Api.CountByOutcome(
        "streaming.heartbeats", "{heartbeat}", "on_update heartbeats, by outcome.", "streaming.heartbeat.outcome");

    public static readonly Histogram<double> BroadcastDuration = Meter.CreateHistogram<double>(
        "streaming.broadcast.duration", unit: "s",
        description: "Time from a broadcast's start to its publisher's disconnect (a resumed broadcast is measured again at its next one).");

    public static readonly Histogram<long> RecordingSize = Meter.CreateHistogram<long>(
        "streaming.recording.size", unit: "By", description: "Size of each recording nginx closed; the sum is the bytes recorded.");

    private static readonly OutcomeCounter Reconciled = ServiceTelemetry.Api.CountByOutcome(
        "streaming.reconcile.actions", "{action}", "Hooks the Api caught up on after nginx answered for it (Api unreachable), by outcome.",
        "streaming.reconcile.outcome");

    private static readonly Counter<long> LadderAdmissions = Meter.CreateCounter<long>(
        "streaming.ladder.admissions", unit: "{connection}",
        description: "RTMP plays and rendition publishes nginx asked about (only the ladder's transcoder is admitted), by hook and outcome.");

    private static readonly OutcomeCounter RealtimeOffers = ServiceTelemetry.Api.CountByOutcome(
        "streaming.realtime.offers", "{offer}",
        "Real-time (WebRTC) playback requests, by outcome (offered, not_live, no_mountpoint, janus_unavailable, off, invalid_name).",
        "streaming.realtime.offer");

    private static readonly OutcomeCounter AdminKeyChecks = ServiceTelemetry.Api.CountByOutcome(
        "streaming.admin.key_checks", "{request}",
        "Admin API requests by outcome of the key check: accepted, wrong_key (wrong or missing) or rate_limited (429).",
        "streaming.admin.key_check.outcome");

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

    /// <summary>Publish attempts by outcome: <c>accepted</c> or the reason of the refusal.</summary>
    public static void CountPublish(string outcome) => Publishes.Add(outcome);

    public static void CountHeartbeat(string outcome) => Heartbeats.Add(outcome);

    public static void CountReconcile(string outcome) => Reconciled.Add(outcome);

    public static void CountLadderAdmission(string hook, bool admitted) => LadderAdmissions.Add(1,
        new KeyValuePair<string, object?>("streaming.hook", hook),
        new KeyValuePair<string, object?>("streaming.ladder.admission", admitted ? "admitted" : "refused"));

    public static void CountRealtimeOffer(string outcome) => RealtimeOffers.Add(outcome);

    public static void CountAdminKeyCheck(string outcome) => AdminKeyChecks.Add(outcome);

    /// <summary>Set by <see cref="Sessions.LiveStreamGauge"/>; the meter reads the last value.</summary>
    public static void SetLiveStreams(long count) => Interlocked.Exchange(ref _liveStreams, count);
}
