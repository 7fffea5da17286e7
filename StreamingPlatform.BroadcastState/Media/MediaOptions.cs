using System.ComponentModel.DataAnnotations;

namespace StreamingPlatform.BroadcastState.Media;

/// <summary>
/// The media folders, all under one root by default (the volume nginx, the Api and the VodWorker share in a deployment),
/// and the names of the files in them. Channel names and broadcast ids are validated (<c>StreamName</c>,
/// <c>SessionId</c>) before they reach these methods.
/// <code>
/// recordings/&lt;channel&gt;-&lt;unix seconds&gt;.flv   nginx's recordings (RecordingFileName)
/// recordings/failed/                       recordings FFmpeg cannot read: kept, never deleted
/// hls/                                     nginx's HLS: the live edge, the DVR copy and the ladder (HlsLayout)
/// dvr/                                     the DVR copy instead, where the live edge's HLS is in memory (DvrPath)
/// thumbnails/&lt;channel&gt;.jpg                the live thumbnail (VodWorker)
/// vod/&lt;channel&gt;/&lt;id&gt;.mp4, .jpg, .json     a broadcast's VOD, poster and catalogue record (VodWorker)
/// vod/.partial/                            files being written, renamed into place when complete
/// </code>
/// </summary>
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

    public string? HlsPath { get; set; }

    /// <summary>nginx's DVR copy, when not inside the HLS folder (a RAM disk holds the live edge, the disk the DVR's hours).</summary>
    public string? DvrPath { get; set; }

    public string? ThumbnailsPath { get; set; }

    public string Recordings => Path.GetFullPath(RecordingsPath ?? Path.Combine(Root, "recordings"));

    public string NginxRecordings => Path.GetFullPath(NginxRecordingsPath ?? Recordings);

    public string Vod => Path.GetFullPath(VodPath ?? Path.Combine(Root, "vod"));

    public string Hls => Path.GetFullPath(HlsPath ?? Path.Combine(Root, "hls"));

    public string Thumbnails => Path.GetFullPath(ThumbnailsPath ?? Path.Combine(Root, "thumbnails"));

    /// <summary>nginx's DVR copy of each live stream (its <c>dvr</c> application), one folder per channel (<see cref="HlsLayout"/>).</summary>
    public string Dvr => Path.GetFullPath(DvrPath ?? Path.Combine(Hls, HlsLayout.DvrFolderName));

    /// <summary>Recordings FFmpeg cannot read: kept here, never deleted.</summary>
    public string Failed => Path.Combine(Recordings, "failed");

    /// <summary>Files being written; inside the VOD folder's file system so that finishing one is an atomic rename.</summary>
    public string Partial => Path.Combine(Vod, ".partial");

    public string RecordingFile(string fileName) => Path.Combine(Recordings, fileName);

    public string FailedFile(string fileName) => Path.Combine(Failed, fileName);

    public string HlsFolder(string channel) => Path.Combine(Hls, channel);

    public string DvrFolder(string channel) => Path.Combine(Dvr, channel);

    public string ThumbnailFile(string channel) => Path.Combine(Thumbnails, $"{channel}.jpg");

    /// <summary>The path of a file named relative to the VOD folder (as the catalogue names them).</summary>
    public string VodFile(string relativeFile) => Path.Combine(Vod, relativeFile);

    /// <summary>The VOD's MP4, relative to the VOD folder.</summary>
    public static string VodVideo(string channel, string id) => $"{channel}/{id}.mp4";

    /// <summary>The VOD's poster, relative to the VOD folder.</summary>
    public static string VodPoster(string channel, string id) => $"{channel}/{id}.jpg";

    /// <summary>The VOD's catalogue record, relative to the VOD folder: enough to rebuild a catalogue that Redis lost.</summary>
    public static string VodRecordFile(string channel, string id) => $"{channel}/{id}.json";
}
