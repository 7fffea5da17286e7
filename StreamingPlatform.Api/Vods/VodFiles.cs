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
    /// Deletes the VOD's files, its catalogue record beside them (<c>&lt;channel&gt;/&lt;id&gt;.json</c>, from which the
    /// VodWorker rebuilds a lost catalogue) first, so that a deleted VOD never comes back.
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
    }
}
