using Microsoft.Extensions.Options;

namespace StreamingPlatform.BroadcastState.Media;

/// <summary>
/// Reads the free space of the media folders' file systems (statfs) against <see cref="MediaDiskOptions"/>'s marks. The
/// Api refuses publishes by it (<see cref="ReadRecent"/>), the VodWorker waits for room by it, and both report it on
/// /health (<see cref="MediaDiskHealthCheck"/>).
/// </summary>
public sealed class MediaDisk(IOptions<MediaOptions> media, IOptions<MediaDiskOptions> options, TimeProvider? time = null)
{
    /// <summary>How long <see cref="ReadRecent"/> reuses a reading, and how far above the low-water mark it must be.</summary>
    public static readonly TimeSpan ReuseFor = TimeSpan.FromSeconds(1);

    public const long ReuseHeadroomBytes = 1L << 30;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private Recent? _recent;

    /// <summary>
    /// <see cref="Read()"/> for the hooks, reused for up to <see cref="ReuseFor"/> while every file system has more than
    /// <see cref="ReuseHeadroomBytes"/> above its low-water mark. A reading is a dozen stat and statfs calls, a sixth of
    /// the Api's CPU in a publish under load; no ingest writes a gigabyte in a second (500 streams at 6 Mbit/s write
    /// 375 MB), so a reused reading never admits a publish, or keeps a publisher, that a fresh one would refuse.
    /// </summary>
    public DiskReading? ReadRecent()
    {
        var now = _time.GetTimestamp();
        if (_recent is { } recent && _time.GetElapsedTime(recent.TakenAt, now) < ReuseFor)
        {
            return recent.Reading;
        }

        var readings = ReadAll();
        var reading = Fullest(readings);
        _recent = readings.Count > 0 && readings.Min(r => r.FreeBytes - r.LowBytes) > ReuseHeadroomBytes ? new Recent(reading, now) : null;
        return reading;
    }

    /// <summary>
    /// The fullest of the file systems holding the folders nginx writes (recordings, HLS, DVR) and the VOD folder; null when
    /// none can be read (then nothing is refused for it).
    /// </summary>
    public DiskReading? Read() => Fullest(ReadAll());

    private List<DiskReading> ReadAll() =>
        new[] { media.Value.Recordings, media.Value.Hls, media.Value.Dvr, media.Value.Vod }.Select(Read).OfType<DiskReading>().ToList();

    private static DiskReading? Fullest(List<DiskReading> readings) =>
        readings.OrderByDescending(r => r.Level).ThenBy(r => r.FreeBytes - r.CriticalBytes).FirstOrDefault();

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

    internal static string? NearestExisting(string folder)
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

    private sealed record Recent(DiskReading? Reading, long TakenAt);
}
