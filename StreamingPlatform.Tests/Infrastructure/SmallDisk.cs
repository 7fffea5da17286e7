using System.Diagnostics;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>
/// A real small file system of the test's own: a tmpfs of a few MB mounted on a fresh folder (as root), so a test can
/// fill the media disk with a ballast file and free it again. Unmounted and removed on dispose, also after a failure.
/// </summary>
internal sealed class SmallDisk : IDisposable
{
    private const long Megabyte = 1024 * 1024;

    private readonly TempFolder _mountPoint;

    public SmallDisk(int megabytes)
    {
        _mountPoint = new TempFolder("disk");
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0755", "tmpfs", _mountPoint.Path);
    }

    public string Path => _mountPoint.Path;

    public string Ballast => System.IO.Path.Combine(Path, "ballast");

    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    public double FreeMegabytes => FreeBytes / (double)Megabyte;

    /// <summary>Grows the ballast file until no more than <paramref name="megabytes"/> are free.</summary>
    public void FillUntilFree(double megabytes)
    {
        var chunk = new byte[256 * 1024];
        Random.Shared.NextBytes(chunk);
        using var ballast = new FileStream(Ballast, FileMode.Append, FileAccess.Write);
        while (FreeBytes > megabytes * Megabyte)
        {
            ballast.Write(chunk, 0, (int)Math.Min(chunk.Length, FreeBytes - (long)(megabytes * Megabyte) + 4096));
            ballast.Flush();
        }
    }

    public void RemoveBallast() => File.Delete(Ballast);

    public void Dispose()
    {
        if (!TryRun("umount", Path))
        {
            TryRun("umount", "-l", Path); // a server of the test may still hold a file open
        }

        _mountPoint.Dispose();
    }

    private static void Run(string fileName, params string[] arguments)
    {
        if (!TryRun(fileName, arguments, out var error))
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed: {error}");
        }
    }

    private static bool TryRun(string fileName, params string[] arguments) => TryRun(fileName, arguments, out _);

    private static bool TryRun(string fileName, string[] arguments, out string error)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        arguments.ToList().ForEach(info.ArgumentList.Add);
        using var process = Process.Start(info)!;
        error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0;
    }
}
