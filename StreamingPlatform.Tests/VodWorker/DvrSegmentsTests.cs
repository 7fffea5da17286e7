extern alias VodWorkerAssembly;

using VodWorkerAssembly::StreamingPlatform.VodWorker.Dvr;

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
}
