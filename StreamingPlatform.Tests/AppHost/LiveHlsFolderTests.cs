extern alias AppHost;

using StreamingPlatform.Tests.Infrastructure;
using LiveHlsFolder = AppHost::Aspire.Hosting.LiveHlsFolder;

namespace StreamingPlatform.Tests.AppHost;

/// <summary>Where the AppHost keeps nginx's live HLS: on a real RAM disk (tmpfs) when it has room, else on disk.</summary>
public sealed class LiveHlsFolderTests
{
    private const int Megabyte = 1024 * 1024;

    [Fact]
    public void ARamDiskWithRoomHoldsEachAppHostsLiveHlsInAFolderOfItsOwn()
    {
        using var ramDisk = new SmallDisk((int)(LiveHlsFolder.MinimumFreeBytes / Megabyte) + 64);

        var first = LiveHlsFolder.For("/srv/first/media", ramDisk.Path);
        var second = LiveHlsFolder.For("/srv/second/media", ramDisk.Path);

        Assert.NotNull(first);
        Assert.StartsWith(ramDisk.Path + "/", first);
        Assert.Equal(first, LiveHlsFolder.For("/srv/first/media", ramDisk.Path));
        Assert.NotEqual(first, second);
    }

    // A container's /dev/shm is 64 MB: below the Api's low-water mark, every publish would be refused (507).
    [Fact]
    public void ARamDiskTooSmallForTheMediaDisksLowWaterMarkLeavesHlsOnDisk()
    {
        using var ramDisk = new SmallDisk(64);

        Assert.Null(LiveHlsFolder.For("/srv/first/media", ramDisk.Path));
    }

    [Fact]
    public void NoRamDiskLeavesHlsOnDisk() => Assert.Null(LiveHlsFolder.For("/srv/first/media", "/no/such/ram/disk"));
}
