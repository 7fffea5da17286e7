using System.ComponentModel.DataAnnotations;

namespace StreamingPlatform.Api.Options;

/// <summary>The media folders, all under one root by default (the shared volume in a deployment).</summary>
public sealed class MediaOptions
{
    public const string Section = "Media";

    [Required]
    public string Root { get; set; } = "/data";

    /// <summary>Where nginx writes recordings, as this service sees the folder.</summary>
    public string? RecordingsPath { get; set; }

    /// <summary>
    /// The same folder as nginx sees it, when that differs (nginx in a container, the Api on the host): the
    /// record_done hook's <c>path</c> must lie directly inside it.
    /// </summary>
    public string? NginxRecordingsPath { get; set; }

    public string? VodPath { get; set; }

    /// <summary>Where the VodWorker keeps a live thumbnail per channel.</summary>
    public string? ThumbnailsPath { get; set; }

    public string Recordings => Path.GetFullPath(RecordingsPath ?? Path.Combine(Root, "recordings"));

    public string NginxRecordings => Path.GetFullPath(NginxRecordingsPath ?? Recordings);

    public string Vod => Path.GetFullPath(VodPath ?? Path.Combine(Root, "vod"));

    public string Thumbnails => Path.GetFullPath(ThumbnailsPath ?? Path.Combine(Root, "thumbnails"));
}
