using System.Diagnostics;
using StreamingPlatform.BroadcastState.Ladder;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

/// <summary>
/// nginx with several workers: a publisher lands on one, and rtmp_auto_push relays its stream to the others over a unix
/// socket each, which the worker-sockets module makes them accept on. An RTMP player (the ladder's transcoder, say) must
/// get the stream whichever worker accepts it. The test chooses the worker by stopping all the others while the player
/// connects: a stopped worker does not wait for connections, so the kernel hands the new one to the running worker.
/// </summary>
[Collection(LiveIngestCollection.Name)]
public sealed class NginxWorkersTests(LiveIngestFixture fixture)
{
    private const int Workers = 3;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AStreamPlaysOverRtmpFromEveryWorkerWhicheverTookItsPublisher()
    {
        await using var nginx = await NginxRtmpServer.StartAsync(fixture.Api.BaseAddress.ToString(), ApiServer.HookSecret, workers: Workers);
        var workers = nginx.WorkerIds;
        Assert.Equal(Workers, workers.Count);

        var channel = await Channels.CreateAsync(fixture.Api, "workers");
        await using var phone = FfmpegPublisher.Start(nginx.PublishUrl(channel.Name, channel.StreamKey));
        await Eventually.TrueAsync(() => Task.FromResult(File.Exists(Path.Combine(nginx.HlsPath, channel.Name, "index.m3u8"))),
            Timeout, "the channel's live playlist");
        var live = $"rtmp://127.0.0.1:{nginx.RtmpPort}/live/{channel.Name}";

        foreach (var worker in workers)
        {
            using var player = await ConnectPlayerToAsync(nginx, worker, $"{live}?token={LadderToken.Create(ApiServer.LadderSecret, channel.Name, DateTimeOffset.UtcNow)}");
            var output = player.StandardOutput.ReadToEndAsync();
            var errors = player.StandardError.ReadToEndAsync();
            using var wait = new CancellationTokenSource(Timeout);
            await player.WaitForExitAsync(wait.Token);
            Assert.True(player.ExitCode == 0, $"a player on worker {worker} got no stream: {await errors} {nginx.ReadLog(nginx.ErrorLogPath)}");
            Assert.Equal("320x240", (await output).Trim());
        }
    }

    /// <summary>Starts an RTMP player (ffprobe) whose connection the given worker accepts: the others are stopped until it has.</summary>
    private static async Task<Process> ConnectPlayerToAsync(NginxRtmpServer nginx, int worker, string url)
    {
        var others = nginx.WorkerIds.Where(id => id != worker).ToList();
        var before = EstablishedRtmpConnections(worker, nginx.RtmpPort);
        others.ForEach(id => Posix.Signal(id, Posix.SigStop));
        try
        {
            var player = Process.Start(new ProcessStartInfo("ffprobe",
                ["-v", "error", "-rw_timeout", "15000000", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0:s=x", url])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            await Eventually.TrueAsync(() => Task.FromResult(EstablishedRtmpConnections(worker, nginx.RtmpPort) > before),
                TimeSpan.FromSeconds(10), $"worker {worker} to accept the player");
            return player;
        }
        finally
        {
            others.ForEach(id => Posix.Signal(id, Posix.SigCont));
        }
    }

    private static int EstablishedRtmpConnections(int pid, int rtmpPort) => TcpTable.Established(pid, localPort: rtmpPort).Count;
}
