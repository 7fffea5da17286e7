using System.ComponentModel.DataAnnotations;

namespace StreamingPlatform.BroadcastState.Settings;

/// <summary>
/// What the worker's jobs on live broadcasts (the quality ladder, the real-time relay) are tuned by alike: each holds a
/// lease per broadcast, so that one worker serves it, and restarts its FFmpeg when it dies.
/// </summary>
public abstract class LiveJobOptions
{
    /// <summary>
    /// x264's preset when the job encodes: <c>veryfast</c> keeps two renditions of a 720p30 source above real time on one
    /// core (the relay encodes only a source with B-frames, which WebRTC cannot carry).
    /// </summary>
    [RegularExpression(@"^(ultrafast|superfast|veryfast|faster|fast|medium)\z")]
    public string Preset { get; set; } = "veryfast";

    /// <summary>How often the worker looks for broadcasts to serve, renews its leases and checks what it runs.</summary>
    [Range(1, 60)]
    public int ScanSeconds { get; set; } = 2;

    /// <summary>A lease not renewed this long lapses, and another worker takes the broadcast over.</summary>
    [Range(3, 600)]
    public int LeaseSeconds { get; set; } = 10;

    /// <summary>Longest wait between two starts of the job's FFmpeg after it died (1 s, doubled each time).</summary>
    [Range(1, 600)]
    public int MaxRestartDelaySeconds { get; set; } = 30;
}
