using StreamingPlatform.Api.Options;
using StreamingPlatform.Api.Ladder;
using StreamingPlatform.BroadcastState.Ladder;

namespace StreamingPlatform.Tests.Api;

/// <summary>The ladder's master playlist: real BANDWIDTH and RESOLUTION on every entry, and none made up for a source alone.</summary>
public sealed class MasterPlaylistTests
{
    private const string HlsBase = "http://127.0.0.1:8080/hls/";

    [Fact]
    public void LadderWithoutRenditionsHasNoMasterPlaylistAndSendsPlayersToTheSource()
    {
        Assert.True(MasterPlaylist.SourceOnly(new LadderState("b1", [])));
        Assert.True(MasterPlaylist.SourceOnly(new LadderState("b1", [new LadderRendition(LadderState.SourceName, "cam/index.m3u8", 1280, 720, 2_800_000)])));
        Assert.Equal("http://127.0.0.1:8080/hls/cam/index.m3u8", new StreamingOptions { HlsBaseUrl = HlsBase }.HlsUrl("cam"));
    }

    [Fact]
    public void EveryEntryCarriesItsRealBandwidthAndResolution()
    {
        var state = new LadderState("b1",
        [
            new LadderRendition(LadderState.SourceName, "cam/index.m3u8", 1280, 720, 2_800_000),
            new LadderRendition("480p", ".ladder/cam_480p/index.m3u8", 854, 480, 1_500_000),
        ]);

        var playlist = MasterPlaylist.Write(state, HlsBase);

        Assert.False(MasterPlaylist.SourceOnly(state));
        Assert.Equal(
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n"
            + "#EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=1280x720,NAME=\"source\"\nhttp://127.0.0.1:8080/hls/cam/index.m3u8\n"
            + "#EXT-X-STREAM-INF:BANDWIDTH=1500000,RESOLUTION=854x480,NAME=\"480p\"\nhttp://127.0.0.1:8080/hls/.ladder/cam_480p/index.m3u8\n",
            playlist);
        Assert.DoesNotContain("BANDWIDTH=1,", playlist);
    }
}
