using System.Net;
using System.Net.Sockets;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

/// <summary>
/// One nginx must hold 500 live streams. What a stream costs was measured with real publishers (docs/capacity.md); this
/// holds that many descriptors open as cheap raw TCP connections to the RTMP port instead of 500 FFmpeg processes, so
/// both of nginx's limits are met at once: worker_connections (every connection counts) and the worker's open-file
/// limit (every connection and every open fragment or recording counts).
/// </summary>
public sealed class IngestCapacityTests
{
    private const int TargetStreams = 500;

    // docs/capacity.md: the publisher, the dvr push and its incoming side, the relays of live and dvr to a second worker
    // (each a sending and a receiving side), and a hook call or thumbnail read in flight; the live and DVR fragments
    // being written and the recording.
    private const int ConnectionsPerStream = 8;
    private const int FilesPerStream = 3;

    [Fact]
    public async Task NginxKeepsAsManyConnectionsOpenAsFiveHundredStreamsHoldDescriptors()
    {
        await using var nginx = await NginxRtmpServer.StartAsync("http://127.0.0.1:9", "capacity-test-hook-secret");
        var count = TargetStreams * (ConnectionsPerStream + FilesPerStream);
        var sockets = new List<Socket>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                await socket.ConnectAsync(IPAddress.Loopback, nginx.RtmpPort);
            }

            // A connection nginx could not take is closed at once: readable with nothing to read.
            await Task.Delay(TimeSpan.FromSeconds(1));
            var closed = sockets.Count(s => s.Poll(0, SelectMode.SelectRead) && s.Available == 0);
            var errors = nginx.ReadLog(nginx.ErrorLogPath);
            Assert.True(closed == 0, $"nginx closed {closed} of {count} connections: {Tail(errors)}");
            Assert.DoesNotContain("worker_connections are not enough", errors);
            Assert.DoesNotContain("Too many open files", errors);

            // And it still answers an RTMP handshake: C0 (version 3) + C1 (1536 bytes) gets S0 + S1.
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(IPAddress.Loopback, nginx.RtmpPort);
            var hello = new byte[1 + 1536];
            hello[0] = 3;
            await client.SendAsync(hello);
            var answer = new byte[1 + 1536];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var read = 0;
            while (read < answer.Length)
            {
                var n = await client.ReceiveAsync(answer.AsMemory(read), timeout.Token);
                Assert.True(n > 0, $"nginx closed the handshake after {read} bytes: {Tail(nginx.ReadLog(nginx.ErrorLogPath))}");
                read += n;
            }

            Assert.Equal(3, answer[0]);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    private static string Tail(string log) => string.Join('\n', log.Split('\n').TakeLast(5));
}
