using System.ComponentModel.DataAnnotations;

namespace StreamingPlatform.BroadcastState.Media;

/// <summary>
/// The free-space marks of the media disk (every file system the media folders are on). Each mark is the larger of its
/// absolute and its percent bound; 0 turns a bound off. Below <see cref="LowFreeMegabytes"/> new publishes are refused;
/// below <see cref="CriticalFreeMegabytes"/> live publishers are dropped at their next heartbeat, and a VOD build never
/// takes the disk below it, so nginx never writes into a full disk.
/// </summary>
public sealed class MediaDiskOptions
{
    public const string Section = "MediaDisk";

    [Range(0, 1L << 40)]
    public long LowFreeMegabytes { get; set; } = 2048;

    [Range(0, 100)]
    public double LowFreePercent { get; set; }

    [Range(0, 1L << 40)]
    public long CriticalFreeMegabytes { get; set; } = 512;

    [Range(0, 100)]
    public double CriticalFreePercent { get; set; }

    public bool MarksInOrder() => CriticalFreeMegabytes <= LowFreeMegabytes && CriticalFreePercent <= LowFreePercent;

    public const string OrderRule = "MediaDisk: the critical marks (CriticalFreeMegabytes, CriticalFreePercent) may not exceed the low-water marks.";

    /// <summary>The low-water mark, in bytes, on a file system of <paramref name="totalBytes"/>.</summary>
    public long LowBytes(long totalBytes) => Mark(LowFreeMegabytes, LowFreePercent, totalBytes);

    /// <summary>The critical mark, in bytes, on a file system of <paramref name="totalBytes"/>.</summary>
    public long CriticalBytes(long totalBytes) => Mark(CriticalFreeMegabytes, CriticalFreePercent, totalBytes);

    private static long Mark(long megabytes, double percent, long totalBytes) =>
        Math.Max(megabytes * 1024 * 1024, (long)(totalBytes * percent / 100));
}
