using System.Net;
using System.Net.Http.Json;
using StreamingPlatform.Api.Apis;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

/// <summary>ffmpeg publishes over RTMP to the real nginx-rtmp, whose hooks call the real Api backed by real Redis.</summary>
[Collection(LiveIngestCollection.Name)]
public sealed class LiveIngestTests(LiveIngestFixture fixture)
{
    private static readonly TimeSpan LiveTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan RefusalTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task PublishedStreamIsServedOverHlsAndItsSegmentsDecode()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "hls");
        await using var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey));
        using var nginx = new HttpClient { BaseAddress = fixture.Nginx.HttpBaseAddress };

        var playlist = await HlsPlaylist.WaitAsync(nginx, channel.Name, segments: 2, LiveTimeout);

        var playlistResponse = await nginx.GetAsync($"hls/{channel.Name}/index.m3u8");
        Assert.Equal("application/vnd.apple.mpegurl", playlistResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HlsLayout.PlaylistCacheControl, playlistResponse.Headers.CacheControl?.ToString());
        Assert.Equal("*", playlistResponse.Headers.GetValues("Access-Control-Allow-Origin").Single());

        var segmentResponse = await nginx.GetAsync($"hls/{channel.Name}/{playlist.Segments[0]}");
        Assert.Equal(HttpStatusCode.OK, segmentResponse.StatusCode);
        Assert.Equal("video/mp2t", segmentResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", segmentResponse.Headers.GetValues("Access-Control-Allow-Origin").Single());
        using var segmentFolder = new TempFolder("segment");
        var segmentPath = segmentFolder.Combine("segment.ts");
        await File.WriteAllBytesAsync(segmentPath, await segmentResponse.Content.ReadAsByteArrayAsync());

        var (probeExit, streams) = await ChildProcess.RunAsync("ffprobe",
            ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", segmentPath], TimeSpan.FromSeconds(20));
        Assert.Equal(0, probeExit);
        Assert.Contains("h264", streams);
        Assert.Contains("aac", streams);
        var (decodeExit, decodeErrors) = await ChildProcess.RunAsync("ffmpeg",
            ["-v", "error", "-i", segmentPath, "-f", "null", "-"], TimeSpan.FromSeconds(20));
        Assert.Equal(0, decodeExit);
        Assert.Equal("", decodeErrors.Trim());

        var stored = (string?)await fixture.RedisDatabase.StringGetAsync(StoreKeys.Session(channel.Name));
        Assert.NotNull(stored);
        Assert.Contains($"\"channel\":\"{channel.Name}\"", stored);
        Assert.Contains("\"node\":\"test-node\"", stored);
        Assert.True(await fixture.RedisDatabase.HashExistsAsync(StoreKeys.OpenBroadcasts, channel.Name));

        using var api = fixture.Api.CreateHttpClient();
        var live = await api.GetFromJsonAsync<LiveStream[]>("api/streams");
        var stream = Assert.Single(live!, s => s.Name == channel.Name);
        Assert.Equal($"http://127.0.0.1:{fixture.Nginx.HttpPort}/hls/{channel.Name}/index.m3u8", stream.HlsUrl);
        Assert.Contains($"\"id\":\"{stream.BroadcastId}\"", stored); // the broadcast, whose VOD will have this id
        var one = await api.GetFromJsonAsync<LiveStream>($"api/streams/{channel.Name}");
        // The one-stream answer is the listing's entry plus the stream's media clock (the watch page's true delay).
        Assert.NotNull(one!.Clock);
        Assert.Equal(stream, one with { Clock = null });
    }

    [Fact]
    public async Task SecondPublisherIsRefusedWhileFirstKeepsStreaming()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "dup");
        await using var first = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey));
        using var nginx = new HttpClient { BaseAddress = fixture.Nginx.HttpBaseAddress };
        await HlsPlaylist.WaitAsync(nginx, channel.Name, segments: 1, LiveTimeout);
        var sessionBefore = (string?)await fixture.RedisDatabase.StringGetAsync(StoreKeys.Session(channel.Name));

        await using var second = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey));
        Assert.True(await second.WaitForExitAsync(RefusalTimeout), "the second publisher was not dropped");
        Assert.NotEqual(0, second.ExitCode);

        // Longer than the lease: only the first publisher's heartbeats keep the session alive.
        var before = HlsPlaylist.Parse(await nginx.GetStringAsync($"hls/{channel.Name}/index.m3u8"));
        await Task.Delay(TimeSpan.FromSeconds(ApiServer.LeaseSeconds + 1));
        var after = HlsPlaylist.Parse(await nginx.GetStringAsync($"hls/{channel.Name}/index.m3u8"));

        Assert.False(first.HasExited, $"the first publisher stopped: {first.Output}");
        Assert.True(after.LastSequence >= before.LastSequence + 3, $"segments stopped at {after.LastSequence} (was {before.LastSequence})");
        Assert.Equal(sessionBefore, (string?)await fixture.RedisDatabase.StringGetAsync(StoreKeys.Session(channel.Name)));
    }

    [Fact]
    public async Task WrongOrMissingKeyIsRefused()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "key");

        foreach (var key in new[] { "not-the-key", null, channel.StreamKey[..^1] })
        {
            await using var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, key));
            Assert.True(await phone.WaitForExitAsync(RefusalTimeout), $"publisher with key '{key}' was not dropped");
            Assert.NotEqual(0, phone.ExitCode);
        }

        Assert.False(await fixture.RedisDatabase.KeyExistsAsync(StoreKeys.Session(channel.Name)));
        Assert.False(Directory.Exists(Path.Combine(fixture.Nginx.HlsPath, channel.Name)));
    }

    [Fact]
    public async Task UnknownChannelIsRefused()
    {
        var name = Channels.UniqueName("nobody");
        await using var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(name, "some-key"));

        Assert.True(await phone.WaitForExitAsync(RefusalTimeout));
        Assert.NotEqual(0, phone.ExitCode);
        Assert.False(await fixture.RedisDatabase.KeyExistsAsync(StoreKeys.Session(name)));
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("dot.name")]
    [InlineData("-leading-dash")]
    public async Task InvalidNameIsRefusedBeforeTouchingRedisOrDisk(string name)
    {
        await using var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(name, "any-key"));

        Assert.True(await phone.WaitForExitAsync(RefusalTimeout));
        Assert.NotEqual(0, phone.ExitCode);
        Assert.False(await fixture.RedisDatabase.KeyExistsAsync(StoreKeys.Session(name)));
        Assert.False(await fixture.RedisDatabase.KeyExistsAsync(StoreKeys.Channel(name)));
        Assert.False(Directory.Exists(Path.Combine(fixture.Nginx.HlsPath, name)));
        Assert.Contains(fixture.Api.Logs.Lines, line => line.Contains("invalid stream name") && line.Contains(name));
    }

    [Fact]
    public async Task NameIsFreeAgainAfterThePublisherStops()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "again");
        using var api = fixture.Api.CreateHttpClient();

        await using (var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey)))
        {
            await WaitUntilLiveAsync(api, channel.Name);
            await phone.StopAsync();
        }

        await Eventually.TrueAsync(async () => !await fixture.RedisDatabase.KeyExistsAsync(StoreKeys.Session(channel.Name)),
            TimeSpan.FromSeconds(ApiServer.LeaseSeconds - 1), "publish_done to end the session before its lease could");
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"api/streams/{channel.Name}")).StatusCode);
        Assert.False(await fixture.RedisDatabase.HashExistsAsync(StoreKeys.OpenBroadcasts, channel.Name));

        await using var again = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey));
        await WaitUntilLiveAsync(api, channel.Name);
        Assert.False(again.HasExited);
    }

    [Fact]
    public async Task RotatingTheKeyDropsThePublisherAtItsNextHeartbeat()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "rotate");
        using var api = fixture.Api.CreateHttpClient();
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);
        await using var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey));
        await WaitUntilLiveAsync(api, channel.Name);

        var rotated = await admin.PostAsync($"api/admin/channels/{channel.Name}/key", null);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);

        Assert.True(await phone.WaitForExitAsync(RefusalTimeout), "the publisher with the old key kept streaming");
    }

    private static Task WaitUntilLiveAsync(HttpClient api, string name) =>
        Eventually.TrueAsync(async () => (await api.GetAsync($"api/streams/{name}")).StatusCode == HttpStatusCode.OK,
            LiveTimeout, $"{name} to be live");
}
