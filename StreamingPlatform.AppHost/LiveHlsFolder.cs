using System.Security.Cryptography;
using System.Text;
using StreamingPlatform.BroadcastState.Media;

namespace Aspire.Hosting;

/// <summary>
/// nginx's live HLS in memory. It holds only the last seconds of each stream, but nginx writes it in 188-byte pieces and
/// makes four files a second for every stream: on a disk's file system that was the largest share of nginx's CPU at 500
/// streams (docs/capacity.md). /dev/shm is the RAM disk every Linux machine has; a folder there named after the media
/// folder keeps each AppHost's apart. Without one, or with one so small that the Api's low-water mark would refuse every
/// publish (a container's 64 MB /dev/shm, a small machine's half of its memory), HLS stays on disk.
/// </summary>
internal static class LiveHlsFolder
{
    private const string RamDisk = "/dev/shm";

    /// <summary>The media disk's default low-water mark, and as much again for the live HLS itself.</summary>
    internal static readonly long MinimumFreeBytes = 2 * new MediaDiskOptions().LowFreeMegabytes * 1024 * 1024;

    /// <summary>The live HLS folder of the AppHost whose media folder is <paramref name="mediaRoot"/>; null when HLS stays on disk.</summary>
    public static string? For(string mediaRoot, string ramDisk = RamDisk) =>
        Root(mediaRoot, ramDisk) is { } root && new DriveInfo(ramDisk).AvailableFreeSpace >= MinimumFreeBytes ? Path.Combine(root, "hls") : null;

    /// <summary>Everything the AppHost keeps in memory for that media folder.</summary>
    public static string? Root(string mediaRoot, string ramDisk = RamDisk) =>
        Directory.Exists(ramDisk)
            ? Path.Combine(ramDisk, $"streamingplatform-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(mediaRoot)))[..12]}")
            : null;
}
