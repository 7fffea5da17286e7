using System.Net;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

/// <summary>A publisher that connects and publishes but never sends a frame, and the empty recording it leaves.</summary>
[Collection(LiveIngestCollection.Name)]
public sealed class SilentPublisherTests(LiveIngestFixture fixture)
{
    [Fact]
    public async Task PublisherThatSendsNoMediaIsDroppedWithinSecondsAndFreesItsName()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "silent");
        using var api = fixture.Api.CreateHttpClient();

        await using (var silent = await SilentRtmpPublisher.StartAsync(fixture.Nginx.RtmpPort, $"{channel.Name}?key={channel.StreamKey}"))
        {
            var connected = System.Diagnostics.Stopwatch.StartNew();
            Assert.True(await silent.WaitUntilClosedByServerAsync(TimeSpan.FromSeconds(30)), "nginx still holds a publisher that sent nothing");
            Console.WriteLine($"silent publisher dropped after {connected.Elapsed.TotalSeconds:F1} s");
        }

        // nginx's publish_done follows the drop and ends the session.
        await Eventually.TrueAsync(async () => (await api.GetAsync($"api/streams/{channel.Name}")).StatusCode == HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(10), "the silent channel to be offline");
        Assert.Contains(fixture.Api.Logs.Lines, line => line.Contains($"Heartbeat of channel {channel.Name} refused: no_media"));

        // The name is free: a real phone goes live on it at once.
        await using var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey));
        using var nginx = new HttpClient { BaseAddress = fixture.Nginx.HttpBaseAddress };
        await HlsPlaylist.WaitAsync(nginx, channel.Name, segments: 2, TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"api/streams/{channel.Name}")).StatusCode);
        Assert.False(phone.HasExited, phone.Output);
    }

    [Fact]
    public async Task EmptyRecordingLeavesNoVodEntry()
    {
        var recording = PlantedRecording.Name(fixture.Nginx.RecordingsPath, "empty");
        await File.WriteAllBytesAsync(recording.Path, []);
        using var api = fixture.Api.CreateHttpClient();

        await recording.AnnounceAsync(fixture.Api);

        await Eventually.TrueAsync(() => Task.FromResult(!File.Exists(recording.Path)), TimeSpan.FromSeconds(40), "the worker to take the empty recording");
        await Task.Delay(TimeSpan.FromSeconds(2)); // a catalogue entry, if any, is written with the file's move
        Assert.Empty(await Vods.ListAsync(api, recording.Channel));
        Assert.False(File.Exists(Path.Combine(fixture.Nginx.RecordingsPath, "failed", recording.FileName)), "an empty recording is nothing to keep");
        Assert.Contains(fixture.Worker.Output.Split('\n'), line => line.Contains($"Recording {recording.FileName} of channel {recording.Channel} is empty"));
    }
}
