using Microsoft.Extensions.Options;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.BroadcastState.Vods;

namespace StreamingPlatform.Api.Vods;

/// <summary>Maps a catalogue entry's relative file names to files inside the VOD folder, and nowhere else.</summary>
public sealed class VodFiles(IOptions<MediaOptions> media)
{
    public string? Resolve(string? relativeFile)
    {
        if (string.IsNullOrEmpty(relativeFile))
        {
            return null;
        }

        var root = Path.TrimEndingDirectorySeparator(media.Value.Vod) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, relativeFile));
        return full.StartsWith(root, StringComparison.Ordinal) && File.Exists(full) ? full : null;
    }

    /// <summary>
    /// Deletes the VOD's files: its catalogue record beside them first (<c>&lt;channel&gt;/&lt;id&gt;.json</c>, from which the
    /// VodWorker rebuilds a lost catalogue), and the recordings it was built from that are still waiting for their
    /// broadcast to end. Either, left behind, would bring a deleted VOD back if Redis lost its data: the record through
    /// the worker's restore, a recording through the Api's reconciler (to it, a recording no hook announced).
    /// </summary>
    public void Delete(VodRecord entry)
    {
        foreach (var file in new[] { Resolve(MediaOptions.VodRecordFile(entry.Channel, entry.Id)), Resolve(entry.VideoFile), Resolve(entry.PosterFile) })
        {
            if (file is not null)
            {
                File.Delete(file);
            }
        }

        RecordingFiles.Delete(media.Value, entry.Sources);
    }
}
