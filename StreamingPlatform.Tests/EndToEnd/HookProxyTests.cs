using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

/// <summary>
/// nginx-rtmp's hook proxy is an nginx of its own: in nginx-rtmp's workers every step of a hook call waited behind event
/// loops full of live media, and at 500 streams answers the Api had given in milliseconds arrived after the proxy had
/// given up. It keeps its connections to the Api open between calls, and it is started again when it is killed.
/// </summary>
[Collection(LiveIngestCollection.Name)]
public sealed class HookProxyTests(LiveIngestFixture fixture)
{
    [Fact]
    public async Task HeartbeatsReachTheApiFromTheProxysOwnProcessOverAConnectionKeptOpen()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "keepalive");
        await using var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey), TimeSpan.FromSeconds(20));
        await WaitUntilLiveAsync(channel.Name);

        var first = ConnectionsToTheApi(fixture.Nginx.HookProxyWorkerIds);
        // The tests' nginx sends a heartbeat every second.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var later = ConnectionsToTheApi(fixture.Nginx.HookProxyWorkerIds);

        Assert.True(first.Intersect(later).Any(),
            $"no connection from the hook proxy to the Api lasted from one heartbeat to the next (local ports {string.Join(',', first)}, then {string.Join(',', later)})");
        Assert.Empty(ConnectionsToTheApi(fixture.Nginx.WorkerIds));
        Assert.False(phone.HasExited, $"the publisher was cut: {phone.Output}");
    }

    [Fact]
    public async Task AKilledHookProxyIsStartedAgainAndTheStreamGoesOn()
    {
        var live = await Channels.CreateAsync(fixture.Api, "proxy-killed");
        await using var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(live.Name, live.StreamKey), TimeSpan.FromSeconds(25));
        await WaitUntilLiveAsync(live.Name);

        var killed = fixture.Nginx.HookProxyId ?? throw new InvalidOperationException("no hook proxy is running");
        // Between two heartbeats: a call the kill breaks in the middle is one nginx-rtmp would drop its publisher for.
        await Eventually.TrueAsync(() => Task.FromResult(CallsInFlight() == 0), TimeSpan.FromSeconds(5), "a moment without a hook call in flight");
        // The master first, so that it cannot start a new worker when it sees this one die.
        var workers = fixture.Nginx.HookProxyWorkerIds;
        Posix.Signal(killed, Posix.SigKill);
        foreach (var worker in workers)
        {
            Posix.Signal(worker, Posix.SigKill);
        }

        await Eventually.TrueAsync(() => Task.FromResult(fixture.Nginx.HookProxyId is { } id && id != killed), TimeSpan.FromSeconds(5), "a new hook proxy");
        var next = await Channels.CreateAsync(fixture.Api, "after-proxy-killed");
        await using var nextPhone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(next.Name, next.StreamKey), TimeSpan.FromSeconds(10));
        await WaitUntilLiveAsync(next.Name);

        Assert.False(phone.HasExited, $"the publisher was cut when the hook proxy was killed: {phone.Output}");
        Assert.Contains("the hook proxy stopped", fixture.Nginx.Output);
    }

    private Task WaitUntilLiveAsync(string channel) =>
        Eventually.TrueAsync(() => Task.FromResult(File.Exists(Path.Combine(fixture.Nginx.HlsPath, channel, "index.m3u8"))),
            TimeSpan.FromSeconds(20), $"{channel}'s live playlist");

    private int CallsInFlight() =>
        fixture.Nginx.WorkerIds.Sum(worker => TcpTable.Established(worker, remotePort: fixture.Nginx.HookProxyPort).Count);

    private List<int> ConnectionsToTheApi(IEnumerable<int> processes) =>
        processes.SelectMany(process => TcpTable.Established(process, remotePort: fixture.Api.Port)).ToList();
}
