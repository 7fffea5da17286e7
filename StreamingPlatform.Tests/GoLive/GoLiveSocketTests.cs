using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.GoLive;

/// <summary>
/// The Go live socket as a page's code sees it, through nginx's front: a page keeps sending media until it reads the
/// server's close, so the server must let it answer that close instead of cutting the connection under it.
/// </summary>
[Collection(LiveIngestCollection.Name)]
public sealed class GoLiveSocketTests(LiveIngestFixture fixture)
{
    private const int ChunkBytes = 16 * 1024;
    private static readonly TimeSpan ChunkEvery = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ARefusedPageHearsWhyAndMayAnswerTheCloseWhileItsMediaIsStillInFlight()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "golivesocket");
        using var nginx = new HttpClient { BaseAddress = fixture.Nginx.HttpBaseAddress };
        await using var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey));
        await HlsPlaylist.WaitAsync(nginx, channel.Name, segments: 1, Timeout);
        using var folder = new TempFolder("golive-socket");
        var media = await File.ReadAllBytesAsync(await MakeWebmAsync(folder));

        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(Timeout);
        var address = new Uri($"ws://{fixture.Nginx.HttpBaseAddress.Authority}/api/streams/{channel.Name}/golive");
        await socket.ConnectAsync(address, timeout.Token);
        await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(new { key = channel.StreamKey }), WebSocketMessageType.Text, true, timeout.Token);

        var messages = new List<string>();
        var closeReceived = new TaskCompletionSource();
        var reading = Task.Run(async () =>
        {
            var buffer = new byte[4096];
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer.AsMemory(), timeout.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    closeReceived.SetResult();
                    return;
                }

                messages.Add(Encoding.UTF8.GetString(buffer, 0, received.Count));
            }
        });

        // Like MediaRecorder: a chunk every 100 ms, on for a second after the server's close has arrived.
        var sentAfterClose = 0;
        for (var offset = 0; sentAfterClose < 10; offset = (offset + ChunkBytes) % media.Length)
        {
            var length = Math.Min(ChunkBytes, media.Length - offset);
            await socket.SendAsync(media.AsMemory(offset, length), WebSocketMessageType.Binary, true, timeout.Token);
            sentAfterClose += closeReceived.Task.IsCompleted ? 1 : 0;
            await Task.Delay(ChunkEvery, timeout.Token);
        }

        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "page closed", timeout.Token);
        await reading;

        Assert.Equal(WebSocketState.Closed, socket.State);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
        Assert.Equal("duplicate", socket.CloseStatusDescription);
        Assert.Contains(messages, m => m.Contains("\"type\":\"accepted\""));
        Assert.Contains(messages, m => m.Contains("\"reason\":\"duplicate\"") && m.Contains("Already live"));
        Assert.False(phone.HasExited, phone.Output);
    }

    /// <summary>What a browser's MediaRecorder sends: WebM with VP8 and Opus.</summary>
    private static async Task<string> MakeWebmAsync(TempFolder folder)
    {
        var path = folder.Combine("page.webm");
        var (exit, output) = await ChildProcess.RunAsync("ffmpeg",
        [
            "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=6",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=6",
            "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "400k", "-g", "25", "-c:a", "libopus", "-f", "webm", path,
        ], TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, output);
        return path;
    }
}
