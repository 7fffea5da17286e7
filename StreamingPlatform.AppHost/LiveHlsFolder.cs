using System.Security.Cryptography;
using System.Text;

namespace Aspire.Hosting;

/// <summary>
/// nginx's live HLS in memory. It holds only the last seconds of each stream, but nginx writes it in 188-byte pieces and
/// makes four files a second for every stream: on a disk's file system that was the largest share of nginx's CPU at 500
/// streams (docs/capacity.md). /dev/shm is the RAM disk every Linux machine has; a folder there named after the media
/// folder keeps each AppHost's apart. Elsewhere (no /dev/shm) HLS stays on disk.
/// </summary>
internal static class LiveHlsFolder
{
    private const string RamDisk = "/dev/shm";

    /// <summary>The live HLS folder of the AppHost whose media folder is <paramref name="mediaRoot"/>; null without a RAM disk.</summary>
    public static string? For(string mediaRoot) => Root(mediaRoot) is { } root ? Path.Combine(root, "hls") : null;

    /// <summary>Everything the AppHost keeps in memory for that media folder.</summary>
    public static string? Root(string mediaRoot) =>
        Directory.Exists(RamDisk)
            ? Path.Combine(RamDisk, $"streamingplatform-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(mediaRoot)))[..12]}")
            : null;
}
