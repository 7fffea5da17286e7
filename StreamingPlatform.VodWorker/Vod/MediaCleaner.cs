using Microsoft.Extensions.Options;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.VodWorker.Options;

namespace StreamingPlatform.VodWorker.Vod;

/// <summary>
/// Deletes what a finished broadcast leaves behind, by exact name only: its recordings (validated nginx names,
/// inside the recordings folder) and its channel's HLS files (playlist and fragments, <see cref="HlsLayout"/>: the live
/// edge's and the DVR copy's) once nobody is live on the channel. Moves unreadable recordings to <c>failed/</c>, never deleting them.
/// </summary>
public sealed class MediaCleaner(IOptions<MediaOptions> media)
{
    public int DeleteRecordings(IEnumerable<string> fileNames) => RecordingFiles.Delete(media.Value, fileNames);

    public int DeleteHls(string channel) =>
        DeleteHlsFolder(media.Value.HlsFolder(channel)) + DeleteHlsFolder(media.Value.DvrFolder(channel));

    private static int DeleteHlsFolder(string path)
    {
        var folder = new DirectoryInfo(path);
        if (!folder.Exists || folder.LinkTarget is not null)
        {
            return 0;
        }

        var files = folder.EnumerateFiles().Where(f => f.LinkTarget is null && HlsLayout.IsHlsFile(f.Name)).ToList();
        files.ForEach(f => f.Delete());
        if (!folder.EnumerateFileSystemInfos().Any())
        {
            folder.Delete();
        }

        return files.Count;
    }

    public void MoveToFailed(string fileName)
    {
        if (RecordingFiles.Find(media.Value, fileName) is { } file)
        {
            Directory.CreateDirectory(media.Value.Failed);
            file.MoveTo(media.Value.FailedFile(fileName), overwrite: false);
        }
    }

    public bool IsFailed(string fileName) => File.Exists(media.Value.FailedFile(fileName));
}
