using System.Net;
using System.Net.Http.Headers;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

/// <summary>
/// CDN-ready HLS from the real nginx-rtmp: fragments cached for good under names never used twice, playlists and
/// errors kept a second at most, and no validator that could make a changed playlist look unchanged.
/// </summary>
[Collection(LiveIngestCollection.Name)]
public sealed class HlsCachingTests(LiveIngestFixture fixture)
{
    private static readonly TimeSpan LiveTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task FragmentsAreKeptForGoodWhilePlaylistsDvrPlaylistsAndErrorsAreKeptASecondAtMost()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "cache");
        await using var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey));
        using var nginx = new HttpClient { BaseAddress = fixture.Nginx.HttpBaseAddress };
        var playlist = await HlsPlaylist.WaitAsync(nginx, channel.Name, segments: 2, LiveTimeout);
        var dvr = await Eventually.GetAsync(async () =>
        {
            var response = await nginx.GetAsync($"hls/.dvr/{channel.Name}/index.m3u8");
            return response.IsSuccessStatusCode ? response : null;
        }, LiveTimeout, "the DVR playlist");

        var segment = await nginx.GetAsync($"hls/{channel.Name}/{playlist.Segments[0]}");
        Assert.Equal(HttpStatusCode.OK, segment.StatusCode);
        Assert.Equal(HlsLayout.SegmentCacheControl, segment.Headers.CacheControl?.ToString());

        foreach (var response in new[] { await nginx.GetAsync($"hls/{channel.Name}/index.m3u8"), dvr })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(HlsLayout.PlaylistCacheControl, response.Headers.CacheControl?.ToString());
            Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
            // nginx's validators are the second and the size, which a rewritten playlist often keeps.
            Assert.Null(response.Headers.ETag);
            Assert.Null(response.Content.Headers.LastModified);
        }

        // A validator from an earlier answer never turns a playlist into "304 not modified".
        var conditional = new HttpRequestMessage(HttpMethod.Get, $"hls/{channel.Name}/index.m3u8");
        conditional.Headers.IfModifiedSince = DateTimeOffset.UtcNow.AddSeconds(5);
        conditional.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
        Assert.Equal(HttpStatusCode.OK, (await nginx.SendAsync(conditional)).StatusCode);

        // A playlist not there yet, or a fragment that is gone: not cached for long.
        foreach (var path in new[] { $"hls/{Channels.UniqueName("soon")}/index.m3u8", $"hls/{channel.Name}/1.ts" })
        {
            var missing = await nginx.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal(HlsLayout.PlaylistCacheControl, missing.Headers.CacheControl?.ToString());
        }
    }

    [Fact]
    public async Task TheNextBroadcastOfAChannelNeverReusesAFragmentName()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "names");
        using var nginx = new HttpClient { BaseAddress = fixture.Nginx.HttpBaseAddress };
        var folder = Path.Combine(fixture.Nginx.HlsPath, channel.Name);

        HashSet<string> first;
        await using (var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey)))
        {
            first = (await HlsPlaylist.WaitAsync(nginx, channel.Name, segments: 3, LiveTimeout)).Segments.ToHashSet();
            await phone.StopAsync();
        }

        // The broadcast is over once the reconnect grace window has passed: the worker deletes the channel's HLS files.
        await Eventually.TrueAsync(() => Task.FromResult(!Directory.Exists(folder)),
            TimeSpan.FromSeconds(ApiServer.ReconnectGraceSeconds + 20), "the channel's HLS files to be deleted");

        await using var next = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey));
        var second = (await HlsPlaylist.WaitAsync(nginx, channel.Name, segments: 3, LiveTimeout)).Segments;

        Assert.Empty(second.Intersect(first));
        Assert.All(second, name => Assert.Matches(@"^[0-9]{13}\.ts\z", name));
    }
}
