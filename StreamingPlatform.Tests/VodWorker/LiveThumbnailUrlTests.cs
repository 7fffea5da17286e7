extern alias VodWorkerAssembly;

using VodWorkerAssembly::StreamingPlatform.VodWorker.Thumbnails;

namespace StreamingPlatform.Tests.VodWorker;

public sealed class LiveThumbnailUrlTests
{
    // Streaming:HlsBaseUrl is written without a final slash; the thumbnailer's address must read the same either way,
    // or every grab asks nginx for /<channel>/index.m3u8 and gets 404.
    [Theory]
    [InlineData("http://127.0.0.1:8080/hls")]
    [InlineData("http://127.0.0.1:8080/hls/")]
    public void ThePlaylistIsBelowTheHlsAddressWithOrWithoutAFinalSlash(string hlsBaseUrl) =>
        Assert.Equal("http://127.0.0.1:8080/hls/studio-1/index.m3u8", LiveThumbnailer.PlaylistUrl(new Uri(hlsBaseUrl), "studio-1").ToString());
}
