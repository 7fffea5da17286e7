using System.Text.Json;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

/// <summary>
/// Viewers behind a CDN: 50 simulated hls.js viewers (bench/cdn/viewers.py) watch one live channel through the real
/// caching proxy that stands in for a CDN (nginx-rtmp/edge-cache.sh), and the origin nginx-rtmp's access log shows
/// it served each fragment and each playlist refresh about once, whatever the number of viewers (bench/cdn: 1,000).
/// </summary>
[Collection(LiveIngestCollection.Name)]
public sealed class CdnOffloadTests(LiveIngestFixture fixture)
{
    private const int Viewers = 50;
    private const int Seconds = 20;

    [Fact]
    public async Task FiftyViewersThroughTheCacheCostTheOriginAboutOneRequestPerFragmentAndPerPlaylistRefresh()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "cdn");
        await using var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey));
        await using var edge = await EdgeCacheServer.StartAsync(fixture.Nginx.HttpBaseAddress);
        using var viaEdge = new HttpClient { BaseAddress = edge.BaseAddress };
        await HlsPlaylist.WaitAsync(viaEdge, channel.Name, segments: 3, TimeSpan.FromSeconds(20));

        var (exit, output) = await ChildProcess.RunAsync("python3",
            [Bench("viewers.py"), new Uri(edge.BaseAddress, $"hls/{channel.Name}/index.m3u8").ToString(), $"{Viewers}", $"{Seconds}"],
            TimeSpan.FromSeconds(Seconds + 60));
        Assert.Equal(0, exit);
        using var watched = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        Assert.Equal(0, watched.RootElement.GetProperty("errors").GetInt32());
        // Every viewer followed the stream: about one fragment a second each (the first second is the spread start).
        Assert.True(watched.RootElement.GetProperty("segments").GetInt32() >= Viewers * (Seconds - 5), output);

        var (countExit, counted) = await ChildProcess.RunAsync("python3",
            [Bench("origin_requests.py"), fixture.Nginx.AccessLogPath, channel.Name], TimeSpan.FromSeconds(30));
        Assert.Equal(0, countExit);
        using var origin = JsonDocument.Parse(counted.Trim().Split('\n')[^1]);
        var fragments = origin.RootElement.GetProperty("segments").GetInt32();
        Assert.True(fragments >= Seconds - 5, counted);
        Assert.InRange(origin.RootElement.GetProperty("max_requests_per_segment").GetInt32(), 1, 2);
        Assert.InRange(origin.RootElement.GetProperty("max_playlist_requests_per_second").GetInt32(), 1, 2);

        // What the viewers got through the cache carries the origin's caching headers unchanged.
        var refreshed = await viaEdge.GetAsync($"hls/{channel.Name}/index.m3u8");
        Assert.Equal(HlsLayout.PlaylistCacheControl, refreshed.Headers.CacheControl?.ToString());
        var newest = HlsPlaylist.Parse(await refreshed.Content.ReadAsStringAsync()).Segments[^1];
        var segment = await viaEdge.GetAsync($"hls/{channel.Name}/{newest}");
        Assert.Equal(HlsLayout.SegmentCacheControl, segment.Headers.CacheControl?.ToString());
    }

    private static string Bench(string script) => Path.Combine(RepositoryPaths.Root, "bench", "cdn", script);
}
