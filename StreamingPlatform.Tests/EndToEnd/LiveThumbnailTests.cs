using System.Net;
using System.Net.Http.Json;
using StreamingPlatform.Api.Apis;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

/// <summary>The worker grabs a frame of each live stream from nginx's HLS over HTTP; the Api serves it.</summary>
[Collection(LiveIngestCollection.Name)]
public sealed class LiveThumbnailTests(LiveIngestFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task LiveChannelHasAFreshThumbnailThatGoesAwayWhenItEnds()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "thumb");
        using var api = fixture.Api.CreateHttpClient();
        await using var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey));
        await Eventually.TrueAsync(async () => (await api.GetAsync($"api/streams/{channel.Name}")).IsSuccessStatusCode, Timeout, "the stream to go live");
        var stream = await api.GetFromJsonAsync<LiveStream>($"api/streams/{channel.Name}");
        Assert.Equal($"/api/streams/{channel.Name}/thumbnail", stream!.ThumbnailUrl);

        HttpResponseMessage? thumbnail = null;
        await Eventually.TrueAsync(async () => (thumbnail = await api.GetAsync(stream.ThumbnailUrl)).IsSuccessStatusCode,
            Timeout, "the worker's first thumbnail");
        Assert.Equal("image/jpeg", thumbnail!.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", thumbnail.Headers.CacheControl?.ToString());
        using var folder = new TempFolder("thumbnail");
        var path = folder.Combine("thumb.jpg");
        await File.WriteAllBytesAsync(path, await thumbnail.Content.ReadAsByteArrayAsync());
        var (exit, size) = await ChildProcess.RunAsync("ffprobe",
            ["-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", path], TimeSpan.FromSeconds(20));
        Assert.Equal(0, exit);
        // The publisher sends 320x240: a small source is kept as it is, never enlarged to the 360-line default.
        Assert.Equal("mjpeg,320,240", size.Trim());

        var first = thumbnail.Content.Headers.LastModified;
        await Eventually.TrueAsync(async () => (await api.GetAsync(stream.ThumbnailUrl)).Content.Headers.LastModified > first,
            Timeout, "the thumbnail to be replaced by a newer frame");

        await phone.StopAsync();
        await Eventually.TrueAsync(async () => (await api.GetAsync(stream.ThumbnailUrl)).StatusCode == HttpStatusCode.NotFound,
            Timeout, "the ended stream's thumbnail to be removed");
    }

    [Theory]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("UPPER")]
    public async Task InvalidNamesAreRefusedBeforeTheFileSystem(string name)
    {
        using var api = fixture.Api.CreateHttpClient();
        var response = await api.GetAsync($"api/streams/{name}/thumbnail");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
