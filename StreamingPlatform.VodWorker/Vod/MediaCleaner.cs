using Microsoft.Extensions.Options;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.Contracts;
using StreamingPlatform.VodWorker.Options;

namespace StreamingPlatform.VodWorker.Vod;

/// <summary>
/// Deletes what a finished broadcast leaves behind, by exact name only: its recordings (validated nginx names,
/// inside the recordings folder) and its channel's HLS files (playlist and fragments, <see cref="HlsLayout"/>: the live
/// edge's and the DVR copy's) once nobody is live on the channel. Moves unreadable recordings to <c>failed/</c>, never deleting them.
/// </summary>
public sealed class MediaCleaner(IOptions<MediaOptions> media)
{
    public int DeleteRecordings(IEnumerable<string> fileNames)
    {
        var deleted = 0;
        foreach (var fileName in fileNames)
        {
            if (RecordingFileName.TryParse(fileName, out _, out _) && RegularFile(media.Value.RecordingFile(fileName)) is { } file)
            {
                file.Delete();
                deleted++;
            }
        }

        return deleted;
    }

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
        if (RecordingFileName.TryParse(fileName, out _, out _) && RegularFile(media.Value.RecordingFile(fileName)) is { } file)
        {
            Directory.CreateDirectory(media.Value.Failed);
            file.MoveTo(media.Value.FailedFile(fileName), overwrite: false);
        }
    }

    public bool IsFailed(string fileName) => File.Exists(media.Value.FailedFile(fileName));

    private static FileInfo? RegularFile(string path)
    {
        var file = new FileInfo(path);
        return file.Exists && file.LinkTarget is null ? file : null;
    }
}
