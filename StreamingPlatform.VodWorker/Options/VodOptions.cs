using System.ComponentModel.DataAnnotations;

namespace StreamingPlatform.VodWorker.Options;

public sealed class VodOptions
{
    public const string Section = "Vod";

    /// <summary>Looked up on PATH unless a full path is given.</summary>
    [Required]
    public string FfmpegPath { get; set; } = "ffmpeg";

    [Required]
    public string FfprobePath { get; set; } = "ffprobe";

    /// <summary>
    /// A recording counts as complete once its size stays the same this long. nginx announces a recording only after
    /// closing it, so this guards files the Api's reconciler finds; it is a fixed cost on every VOD, so keep it short.
    /// </summary>
    [Range(0, 60_000)]
    public int FileStableMilliseconds { get; set; } = 100;

    /// <summary>How long to wait for a recording to stop growing before building anyway.</summary>
    [Range(1, 3600)]
    public int FileWaitSeconds { get; set; } = 60;

    /// <summary>Lease of the per-broadcast build lock; renewed while a build runs, so a dead worker's lock lapses this fast.</summary>
    [Range(2, 600)]
    public int LockSeconds { get; set; } = 15;

    /// <summary>
    /// How often the worker deletes stale partial files of dead builds (StalePartialFileCleaner) and compares the VOD
    /// catalogue with the VOD folder (VodCatalogueRestorer).
    /// </summary>
    [Range(1, 86_400)]
    public int SweepIntervalSeconds { get; set; } = 300;

    /// <summary>The poster is the frame this far in (or the first, for shorter VODs).</summary>
    [Range(0, 600)]
    public double PosterAtSeconds { get; set; } = 1;

    /// <summary>How often a build waiting for disk space (BuildRoom) looks again.</summary>
    [Range(1, 3600)]
    public int SpaceCheckSeconds { get; set; } = 10;

    /// <summary>
    /// RabbitMQ's per-queue consumer timeout (x-consumer-timeout): a build holds its message unacknowledged, and
    /// remuxing a recording of several hours must not hit the broker's 30-minute default.
    /// </summary>
    [Range(1, 1440)]
    public int ConsumerTimeoutMinutes { get; set; } = 360;
}
