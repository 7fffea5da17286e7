using System.ComponentModel.DataAnnotations;

namespace StreamingPlatform.Api.Options;

public sealed class LiveSessionOptions
{
    public const string Section = "Sessions";

    /// <summary>
    /// How long a live session holds its name without a heartbeat. nginx sends on_update every
    /// HOOK_UPDATE_INTERVAL (5 s in the container), so the default survives two lost heartbeats.
    /// </summary>
    [Range(2, 3600)]
    public int LeaseSeconds { get; set; } = 15;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    /// <summary>
    /// A channel that publishes again this soon after its publisher left continues the same broadcast (one VOD),
    /// as when a phone's connection drops and its app reconnects.
    /// </summary>
    [Range(0, 3600)]
    public int ReconnectGraceSeconds { get; set; } = 30;

    public TimeSpan ReconnectGrace => TimeSpan.FromSeconds(ReconnectGraceSeconds);

    /// <summary>
    /// How often the Api catches up on hooks that nginx answered for it while it was unreachable (at start-up, then
    /// on this period): open broadcasts whose lease ran out, recordings no record_done announced.
    /// </summary>
    [Range(1, 3600)]
    public int ReconcileIntervalSeconds { get; set; } = 5;

    public TimeSpan ReconcileInterval => TimeSpan.FromSeconds(ReconcileIntervalSeconds);

    /// <summary>
    /// A recording untouched this long, and not the current file of a live channel, is closed: nginx writes every
    /// frame as it comes and drops a publisher idle for 10 s (drop_idle_publisher).
    /// </summary>
    [Range(1, 3600)]
    public int RecordingQuietSeconds { get; set; } = 15;

    public TimeSpan RecordingQuiet => TimeSpan.FromSeconds(RecordingQuietSeconds);

    /// <summary>
    /// A publisher that has sent no audio or video this long after publishing is refused at its next heartbeat (so
    /// within this plus one heartbeat interval) and nginx drops it: a silent publisher holds no channel. nginx counts
    /// from the publish command, and no media flows until the publish hook has answered, which on a busy node takes up
    /// to the hook proxy's 12 s (2 s to connect, 10 s to answer): the wait covers that as well as a few seconds of silence.
    /// </summary>
    [Range(1, 3600)]
    public int MediaWaitSeconds { get; set; } = 15;

    public TimeSpan MediaWait => TimeSpan.FromSeconds(MediaWaitSeconds);
}
