extern alias VodWorkerAssembly;

using Microsoft.Extensions.Logging.Abstractions;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.Tests.Infrastructure;
using VodWorkerAssembly::StreamingPlatform.VodWorker.Dvr;
using VodWorkerAssembly::StreamingPlatform.VodWorker.Options;

namespace StreamingPlatform.Tests.VodWorker;

public sealed class DvrSegmentsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);

    [Fact]
    public void OnlySegmentsThePlaylistNoLongerListsAndThatAreNotBeingWrittenLeftTheWindow()
    {
        const string playlist = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-MEDIA-SEQUENCE:7\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.000,\n1795000100000.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:4.000,\n1795000104000.ts\n";
        var old = Now.AddHours(-2);
        var files = new[]
        {
            ("1795000090000.ts", old),            // dropped from the playlist: out of the window
            ("1795000100000.ts", old),            // still listed
            ("1795000104000.ts", Now),            // still listed
            ("1795000108000.ts", Now.AddSeconds(-2)), // being written, not listed yet
            ("index.m3u8", old),                  // not a segment
            ("../x.ts", old),                     // not a segment name
        };

        Assert.Equal(["1795000090000.ts"], DvrSegments.OutOfWindow(playlist, files, Now, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void ThePrunerDeletesOnlyTheSegmentsEachChannelsPlaylistNoLongerLists()
    {
        using var media = new TempFolder("dvr-prune");
        var channel = Directory.CreateDirectory(media.Combine("hls", ".dvr", "cam"));
        File.WriteAllText(Path.Combine(channel.FullName, "index.m3u8"), "#EXTM3U\n#EXTINF:4.000,\n1795000104000.ts\n");
        foreach (var name in new[] { "1795000100000.ts", "1795000104000.ts" })
        {
            File.WriteAllText(Path.Combine(channel.FullName, name), "ts");
            File.SetLastWriteTimeUtc(Path.Combine(channel.FullName, name), DateTime.UtcNow.AddHours(-3));
        }

        // A folder without a playlist (nginx is starting it) is left alone.
        var starting = Directory.CreateDirectory(media.Combine("hls", ".dvr", "new"));
        File.WriteAllText(Path.Combine(starting.FullName, "1795000000000.ts"), "ts");
        File.SetLastWriteTimeUtc(Path.Combine(starting.FullName, "1795000000000.ts"), DateTime.UtcNow.AddHours(-3));

        var pruner = new DvrPruner(Microsoft.Extensions.Options.Options.Create(new MediaOptions { Root = media.Path }), TimeProvider.System, NullLogger<DvrPruner>.Instance);

        Assert.Equal(1, pruner.Prune());
        Assert.Equal(["1795000104000.ts", "index.m3u8"], Directory.GetFiles(channel.FullName).Select(Path.GetFileName).Order());
        Assert.True(File.Exists(Path.Combine(starting.FullName, "1795000000000.ts")));
    }
}
