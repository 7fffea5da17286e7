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

    /// <summary>The issue: two minutes into a 2-hour window the pruner deleted 28 segments of a playlist nginx had started afresh.</summary>
    [Fact]
    public void TwoMinutesIntoATwoHourWindowNothingHasLeftItEvenWhenThePlaylistListsOnlyTheNewestSegments()
    {
        var segments = Segments(count: 30, first: Now.AddMinutes(-2));
        var restarted = Playlist(mediaSequence: 0, segments.TakeLast(2).Select(s => s.Name));

        Assert.Empty(DvrSegments.OutOfWindow(restarted, segments, Now, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void SegmentsWrittenWhileTheDiskWasTooFullToRewriteThePlaylistAreKept()
    {
        var segments = Segments(count: 20, first: Now.AddMinutes(-5));
        var stale = Playlist(mediaSequence: 5, segments.Skip(2).Take(8).Select(s => s.Name)); // the last playlist nginx could write

        Assert.Equal(segments.Take(2).Select(s => s.Name), DvrSegments.OutOfWindow(stale, segments, Now, TimeSpan.FromMinutes(1)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-MEDIA-SEQ")] // cut off mid-write
    [InlineData("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-MEDIA-SEQUENCE:40\n#EXT-X-TARGETDURATION:4\n")] // no segment listed
    [InlineData("#EXT-X-MEDIA-SEQUENCE:40\n#EXTINF:4.000,\n1795000100000.ts\n")] // not a playlist
    public void AnEmptyCutOffOrForeignPlaylistPrunesNothing(string playlist)
    {
        Assert.Empty(DvrSegments.OutOfWindow(playlist, Segments(count: 30, first: Now.AddHours(-3)), Now, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void ThePrunerKeepsEverySegmentOfAPlaylistStartedAfreshTwoMinutesIn()
    {
        using var media = new TempFolder("dvr-restart");
        var channel = Directory.CreateDirectory(media.Combine("hls", ".dvr", "cam"));
        var segments = Segments(count: 30, first: DateTimeOffset.UtcNow.AddMinutes(-2));
        foreach (var (name, lastWrite) in segments)
        {
            File.WriteAllText(Path.Combine(channel.FullName, name), "ts");
            File.SetLastWriteTimeUtc(Path.Combine(channel.FullName, name), lastWrite.UtcDateTime);
        }

        File.WriteAllText(Path.Combine(channel.FullName, "index.m3u8"), Playlist(mediaSequence: 0, segments.TakeLast(2).Select(s => s.Name)));
        var pruner = new DvrPruner(Microsoft.Extensions.Options.Options.Create(new MediaOptions { Root = media.Path }), TimeProvider.System, NullLogger<DvrPruner>.Instance);

        Assert.Equal(0, pruner.Prune());
        Assert.Equal(31, Directory.GetFiles(channel.FullName).Length);
    }

    /// <summary><paramref name="count"/> DVR segments of 4 s from <paramref name="first"/>, named by nginx's clock in ms.</summary>
    private static List<(string Name, DateTimeOffset LastWrite)> Segments(int count, DateTimeOffset first) =>
        Enumerable.Range(0, count).Select(i => first.AddSeconds(4 * i)).Select(t => ($"{t.ToUnixTimeMilliseconds()}.ts", t.AddSeconds(4))).ToList();

    private static string Playlist(int mediaSequence, IEnumerable<string> segments) =>
        $"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-MEDIA-SEQUENCE:{mediaSequence}\n#EXT-X-TARGETDURATION:4\n"
        + string.Concat(segments.Select(s => $"#EXTINF:4.000,\n{s}\n"));

    [Fact]
    public void ThePrunerDeletesOnlyTheSegmentsEachChannelsPlaylistNoLongerLists()
    {
        using var media = new TempFolder("dvr-prune");
        var channel = Directory.CreateDirectory(media.Combine("hls", ".dvr", "cam"));
        File.WriteAllText(Path.Combine(channel.FullName, "index.m3u8"), "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:1\n#EXTINF:4.000,\n1795000104000.ts\n");
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
