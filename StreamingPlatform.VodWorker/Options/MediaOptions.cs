using System.ComponentModel.DataAnnotations;

namespace StreamingPlatform.VodWorker.Options;

/// <summary>The media folders, all under one root by default (the shared volume in a deployment).</summary>
public sealed class MediaOptions
{
    public const string Section = "Media";

    [Required]
    public string Root { get; set; } = "/data";

    public string? RecordingsPath { get; set; }

    public string? VodPath { get; set; }

    public string? HlsPath { get; set; }

    public string? ThumbnailsPath { get; set; }

    public string Recordings => Path.GetFullPath(RecordingsPath ?? Path.Combine(Root, "recordings"));

    public string Vod => Path.GetFullPath(VodPath ?? Path.Combine(Root, "vod"));

    public string Hls => Path.GetFullPath(HlsPath ?? Path.Combine(Root, "hls"));

    /// <summary>nginx's DVR copy of each live stream (its <c>dvr</c> application), one folder per channel.</summary>
    public string Dvr => Path.Combine(Hls, ".dvr");

    /// <summary>One <c>&lt;channel&gt;.jpg</c> per live channel, served by the Api.</summary>
    public string Thumbnails => Path.GetFullPath(ThumbnailsPath ?? Path.Combine(Root, "thumbnails"));

    /// <summary>Recordings FFmpeg cannot read: kept here, never deleted.</summary>
    public string Failed => Path.Combine(Recordings, "failed");

    /// <summary>Files being written; inside the VOD folder's file system so that finishing one is an atomic rename.</summary>
    public string Partial => Path.Combine(Vod, ".partial");
}
