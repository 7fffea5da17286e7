using System.Globalization;
using StreamingPlatform.BroadcastState.Media;

namespace StreamingPlatform.VodWorker.Dvr;

/// <summary>
/// Which DVR segments have left the window. nginx-rtmp drops a fragment from the DVR playlist only once the playlist
/// holds DVR_WINDOW / DVR_FRAGMENT fragments, always the oldest, and counts each drop in <c>#EXT-X-MEDIA-SEQUENCE</c>
/// (kept across reconnects by hls_continuous); its own hls_cleanup deletes the file only after twice the window,
/// checked every two windows (up to four windows of video on disk). So a segment has left the window only when the
/// playlist says nginx dropped fragments (media sequence above 0) and the segment is older than the oldest one it
/// still lists (names are nginx's clock in ms, <c>hls_fragment_naming system</c>), and its file is older than
/// <c>minAge</c>. Anything else is kept: a playlist nginx could not rewrite (a full disk: the segments written since
/// are not listed yet), one started afresh (media sequence 0), an empty or cut-off one, or the segment being written.
/// </summary>
public static class DvrSegments
{
    private const string MediaSequenceTag = "#EXT-X-MEDIA-SEQUENCE:";

    public static IReadOnlyList<string> OutOfWindow(string playlist, IEnumerable<(string Name, DateTimeOffset LastWrite)> files, DateTimeOffset now, TimeSpan minAge)
    {
        var lines = playlist.Split('\n').Select(l => l.Trim()).ToList();
        var listed = lines.Where(l => l.Length > 0 && !l.StartsWith('#')).Select(HlsLayout.SegmentTime).OfType<ulong>().ToList();
        var mediaSequence = lines.Where(l => l.StartsWith(MediaSequenceTag, StringComparison.Ordinal))
            .Select(l => ulong.TryParse(l[MediaSequenceTag.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .FirstOrDefault();
        if (lines.FirstOrDefault() != "#EXTM3U" || mediaSequence == 0 || listed.Count == 0)
        {
            return [];
        }

        var oldestListed = listed.Min();
        return files
            .Where(f => HlsLayout.SegmentTime(f.Name) is { } time && time < oldestListed && now - f.LastWrite >= minAge)
            .Select(f => f.Name)
            .ToList();
    }
}
