using Microsoft.Extensions.Options;

namespace StreamingPlatform.BroadcastState.Media;

/// <summary>
/// Reads the free space of the media folders' file systems (statvfs, a few microseconds: read on every hook, never
/// cached) against <see cref="MediaDiskOptions"/>'s marks. The Api refuses publishes by it, the VodWorker waits for room
/// by it, and both report it on /health (<see cref="MediaDiskHealthCheck"/>).
/// </summary>
public sealed class MediaDisk(IOptions<MediaOptions> media, IOptions<MediaDiskOptions> options)
{
    /// <summary>
    /// The fullest of the file systems holding the folders nginx writes (recordings, HLS) and the VOD folder; null when
    /// none can be read (then nothing is refused for it).
    /// </summary>
    public DiskReading? Read() =>
        new[] { media.Value.Recordings, media.Value.Hls, media.Value.Vod }
            .Select(Read)
            .OfType<DiskReading>()
            .OrderByDescending(r => r.Level)
            .ThenBy(r => r.FreeBytes - r.CriticalBytes)
            .FirstOrDefault();

    /// <summary>The file system holding <paramref name="folder"/> (or its nearest existing parent, for a folder not made yet).</summary>
    public DiskReading? Read(string folder)
    {
        var existing = NearestExisting(folder);
        if (existing is null)
        {
            return null;
        }

        try
        {
            var drive = new DriveInfo(existing);
            var total = drive.TotalSize;
            return new DiskReading(folder, drive.AvailableFreeSpace, total, options.Value.LowBytes(total), options.Value.CriticalBytes(total));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? NearestExisting(string folder)
    {
        for (var path = Path.GetFullPath(folder); path is not null; path = Path.GetDirectoryName(path))
        {
            if (Directory.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
