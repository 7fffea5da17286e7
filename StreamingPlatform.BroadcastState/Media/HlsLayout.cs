using System.Globalization;
using System.Text.RegularExpressions;

namespace StreamingPlatform.BroadcastState.Media;

/// <summary>
/// How nginx-rtmp lays out its HLS (nginx.conf.template: <c>hls_nested on</c>, <c>hls_fragment_naming system</c>), the same
/// below the HLS folder and below nginx's HLS address. Everyone who names an HLS file, folder or URL asks here.
/// <code>
/// &lt;channel&gt;/index.m3u8, T.ts                    the live edge (application live)
/// .dvr/&lt;channel&gt;/index.m3u8, T.ts               the DVR copy, the rewind window (application dvr)
/// .ladder/&lt;channel&gt;-&lt;rendition&gt;/index.m3u8, T.ts  the quality ladder's renditions (application ladder)
/// </code>
/// T is nginx's clock in ms when the fragment started: never reused. The dot folders are skipped by the live application's
/// <c>hls_cleanup</c>, and no channel is named with a dot (<c>StreamName</c>).
/// </summary>
public static partial class HlsLayout
{
    /// <summary>Where nginx serves the HLS folder over HTTP (its <c>location /hls/</c>): every HLS address is below it.</summary>
    public const string HttpPath = "/hls";

    public const string PlaylistName = "index.m3u8";

    public const string DvrFolderName = ".dvr";

    public const string LadderFolderName = ".ladder";

    /// <summary>
    /// How long caches keep a playlist, and any error (docs/cdn.md): a shared cache (a CDN) one second, about one fragment;
    /// a browser asks again each time, so the player sees a new fragment as soon as its CDN edge does. nginx's template
    /// sends the same for the playlists it serves (its <c>$hls_cache_control</c>; the tests compare them), the Api for the
    /// master playlist.
    /// </summary>
    public const string PlaylistCacheControl = "public, max-age=0, s-maxage=1";

    /// <summary>How long caches keep a fragment: its name (nginx's clock in ms) is never reused, so it never changes.</summary>
    public const string SegmentCacheControl = "public, max-age=31536000, immutable";

    /// <summary>The files of one stream's folder that are fragments, for <see cref="DirectoryInfo.EnumerateFiles(string)"/>.</summary>
    public const string SegmentSearchPattern = "*.ts";

    /// <summary>A channel's live playlist, relative to the HLS folder or address.</summary>
    public static string LivePlaylist(string channel) => $"{channel}/{PlaylistName}";

    /// <summary>A channel's DVR playlist, relative to the HLS folder or address.</summary>
    public static string DvrPlaylist(string channel) => $"{DvrFolderName}/{channel}/{PlaylistName}";

    /// <summary>A rendition's playlist (its stream name is <c>RenditionName.For</c>), relative to the HLS folder or address.</summary>
    public static string RenditionPlaylist(string renditionStream) => $"{LadderFolderName}/{renditionStream}/{PlaylistName}";

    /// <summary>An address below nginx's HLS address, for example <c>https://media.example.com/hls</c>.</summary>
    public static string Url(string hlsBaseUrl, string relativePath) => $"{hlsBaseUrl.TrimEnd('/')}/{relativePath}";

    /// <summary>Whether a file in a stream's folder is nginx's: its playlist or a fragment.</summary>
    public static bool IsHlsFile(string fileName) => fileName == PlaylistName || SegmentTime(fileName) is not null;

    /// <summary>The time in a fragment's name (<c>T.ts</c>, nginx's clock in ms), or null for anything else.</summary>
    public static ulong? SegmentTime(string fileName) =>
        SegmentRegex().Match(fileName) is { Success: true } match
        && ulong.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var time)
            ? time
            : null;

    [GeneratedRegex(@"^([0-9]{1,20})\.ts\z", RegexOptions.CultureInvariant)]
    private static partial Regex SegmentRegex();
}
