using System.ComponentModel.DataAnnotations;

namespace StreamingPlatform.VodWorker.Options;

/// <summary>Live thumbnails: a frame of each live stream, taken from its HLS playlist over HTTP.</summary>
public sealed class ThumbnailOptions
{
    public const string Section = "Thumbnails";

    /// <summary>
    /// nginx-rtmp's HLS address as the worker reaches it (for example <c>http://nginx-rtmp/hls/</c>). Read over HTTP, not
    /// from a folder: in a deployment the segments live on nginx's own disk. No thumbnails when unset.
    /// </summary>
    public Uri? HlsBaseUrl { get; set; }

    [Range(1, 3600)]
    public int IntervalSeconds { get; set; } = 10;

    /// <summary>Longest one grab may take; a stuck playlist must not hold up the other channels.</summary>
    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Thumbnails are at most this tall (never enlarged).</summary>
    [Range(90, 1080)]
    public int Height { get; set; } = 360;
}
