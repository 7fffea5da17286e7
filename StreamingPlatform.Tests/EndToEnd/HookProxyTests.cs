using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

/// <summary>
/// nginx's hook proxy keeps its connections to the Api open between calls. A new connection for each hook cost a busy
/// worker a turn of its event loop per call, and at 500 streams those turns took longer than the proxy waited.
/// </summary>
[Collection(LiveIngestCollection.Name)]
public sealed class HookProxyTests(LiveIngestFixture fixture)
{
    [Fact]
    public async Task HeartbeatsReachTheApiOverAConnectionKeptOpenFromOneToTheNext()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "keepalive");
        await using var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey), TimeSpan.FromSeconds(20));
        await Eventually.TrueAsync(() => Task.FromResult(File.Exists(Path.Combine(fixture.Nginx.HlsPath, channel.Name, "index.m3u8"))),
            TimeSpan.FromSeconds(20), "the channel's live playlist");

        var first = ConnectionsToTheApi();
        // The tests' nginx sends a heartbeat every second.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var later = ConnectionsToTheApi();

        Assert.True(first.Intersect(later).Any(),
            $"no connection from nginx to the Api lasted from one heartbeat to the next (local ports {string.Join(',', first)}, then {string.Join(',', later)})");
        Assert.False(phone.HasExited, $"the publisher was cut: {phone.Output}");
    }

    private List<int> ConnectionsToTheApi() =>
        fixture.Nginx.WorkerIds.SelectMany(worker => TcpTable.Established(worker, remotePort: fixture.Api.Port)).ToList();
}
