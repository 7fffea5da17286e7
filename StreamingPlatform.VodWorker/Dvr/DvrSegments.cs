using System.Text.RegularExpressions;

namespace StreamingPlatform.VodWorker.Dvr;

/// <summary>
/// Which DVR segments have left the window: nginx drops a fragment from the DVR playlist once the playlist covers the
/// window without it, but its own hls_cleanup deletes the file only after twice the window, checked every two windows
/// (up to four windows of video on disk). A segment (<c>N.ts</c>) the playlist no longer lists and older than
/// <c>minAge</c> (so never the one nginx is writing, which is listed only once closed) is out of the window.
/// </summary>
public static partial class DvrSegments
{
    public static IReadOnlyList<string> OutOfWindow(string playlist, IEnumerable<(string Name, DateTimeOffset LastWrite)> files, DateTimeOffset now, TimeSpan minAge)
    {
        var listed = playlist.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);
        return files
            .Where(f => SegmentRegex().IsMatch(f.Name) && !listed.Contains(f.Name) && now - f.LastWrite >= minAge)
            .Select(f => f.Name)
            .ToList();
    }

    [GeneratedRegex(@"^[0-9]{1,20}\.ts\z", RegexOptions.CultureInvariant)]
    private static partial Regex SegmentRegex();
}
