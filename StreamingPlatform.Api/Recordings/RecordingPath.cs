using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.Api.Recordings;

/// <summary>
/// Checks the <c>path</c> of a record_done hook before anything touches it: absolute, no <c>..</c>, directly inside
/// the recordings folder as nginx sees it, named as nginx names this channel's recordings, and in this service's
/// view of the folder a regular file, not a link.
/// </summary>
public static class RecordingPath
{
    public static bool TryResolve(string? reportedPath, string channel, MediaOptions media, out string localPath, out string reason)
    {
        localPath = "";
        if (string.IsNullOrEmpty(reportedPath) || !Path.IsPathRooted(reportedPath) || reportedPath.Contains('\0'))
        {
            reason = "the path is missing or not absolute";
            return false;
        }

        if (reportedPath.Split('/', '\\').Contains(".."))
        {
            reason = "the path contains '..'";
            return false;
        }

        var full = Path.GetFullPath(reportedPath);
        if (!string.Equals(Path.GetDirectoryName(full), Path.TrimEndingDirectorySeparator(media.NginxRecordings), StringComparison.Ordinal))
        {
            reason = "the path is not directly inside the recordings folder";
            return false;
        }

        var fileName = Path.GetFileName(full);
        if (!RecordingFileName.TryParse(fileName, out var fileChannel, out _) || fileChannel != channel)
        {
            reason = "the file name is not one of this channel's recordings (<channel>-<unix seconds>.flv)";
            return false;
        }

        var file = new FileInfo(Path.Combine(media.Recordings, fileName));
        if (!file.Exists)
        {
            reason = "no such recording in the recordings folder";
            return false;
        }

        if (file.LinkTarget is not null)
        {
            reason = "the recording is a link";
            return false;
        }

        localPath = file.FullName;
        reason = "";
        return true;
    }
}
