using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.BroadcastState;

/// <summary>The hooks' disk reading on real file systems (tmpfs): reused for a second only far above the low-water mark.</summary>
public sealed class MediaDiskReuseTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void FarAboveTheLowMarkAReadingIsReusedForASecond()
    {
        // tmpfs takes no memory until written: 2 GB free, 1.5 GB above the mark.
        using var disk = new SmallDisk(2048);
        var media = Disk(disk.Path, lowMegabytes: 512);

        var first = media.ReadRecent();
        File.WriteAllBytes(Path.Combine(disk.Path, "segment"), new byte[1024 * 1024]);

        Assert.Same(first, media.ReadRecent());
        _time.Advance(MediaDisk.ReuseFor);
        var fresh = media.ReadRecent();
        Assert.NotSame(first, fresh);
        Assert.True(fresh!.FreeBytes < first!.FreeBytes, $"free {fresh.FreeBytes} bytes after writing, {first.FreeBytes} before");
    }

    [Fact]
    public void NearTheLowMarkEveryReadingIsFresh()
    {
        using var disk = new SmallDisk(40);
        var media = Disk(disk.Path, lowMegabytes: 20);

        Assert.Equal(DiskLevel.Plenty, media.ReadRecent()!.Level);
        disk.FillUntilFree(15);

        Assert.Equal(DiskLevel.Low, media.ReadRecent()!.Level);
    }

    private MediaDisk Disk(string root, long lowMegabytes) => new(
        Options.Create(new MediaOptions { Root = root }),
        Options.Create(new MediaDiskOptions { LowFreeMegabytes = lowMegabytes, CriticalFreeMegabytes = 0 }),
        _time);
}
