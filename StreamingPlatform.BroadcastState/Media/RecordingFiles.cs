using StreamingPlatform.Contracts;

namespace StreamingPlatform.BroadcastState.Media;

/// <summary>nginx's recordings, by exact name only: a valid recording name (<see cref="RecordingFileName"/>) that is a regular file in the recordings folder.</summary>
public static class RecordingFiles
{
    /// <summary>The recording's file, or null when the name is not a recording's or no regular file has it.</summary>
    public static FileInfo? Find(MediaOptions media, string fileName)
    {
        if (!RecordingFileName.TryParse(fileName, out _, out _))
        {
            return null;
        }

        var file = new FileInfo(media.RecordingFile(fileName));
        return file.Exists && file.LinkTarget is null ? file : null;
    }

    /// <summary>Deletes those of <paramref name="fileNames"/> that are recordings; returns how many there were.</summary>
    public static int Delete(MediaOptions media, IEnumerable<string> fileNames)
    {
        var deleted = 0;
        foreach (var file in fileNames.Select(name => Find(media, name)).OfType<FileInfo>())
        {
            file.Delete();
            deleted++;
        }

        return deleted;
    }
}
