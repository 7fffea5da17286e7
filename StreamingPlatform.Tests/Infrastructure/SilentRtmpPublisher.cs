using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>
/// An RTMP client that connects and publishes, then sends no media at all: what a phone app stuck before its first
/// frame looks like to nginx. ffmpeg cannot do this (it opens its output only once its input yields a frame), so the
/// handshake and the three commands (connect, createStream, publish) are written here by hand, AMF0 in single chunks.
/// </summary>
internal sealed class SilentRtmpPublisher : IAsyncDisposable
{
    private const int HandshakeSize = 1536;
    private readonly TcpClient _client;
    private readonly Task _closedByServer;

    private SilentRtmpPublisher(TcpClient client)
    {
        _client = client;
        _closedByServer = DrainUntilClosedAsync(client.GetStream());
    }

    public static async Task<SilentRtmpPublisher> StartAsync(int port, string streamPath, CancellationToken cancellationToken = default)
    {
        var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, cancellationToken);
        var stream = client.GetStream();

        // C0 (version 3) + C1 (time, zeros, random); S0 + S1 + S2 back; C2 echoes S1.
        var c1 = new byte[HandshakeSize];
        RandomNumberGenerator.Fill(c1.AsSpan(8));
        await stream.WriteAsync(new byte[] { 3 }.Concat(c1).ToArray(), cancellationToken);
        var reply = new byte[1 + 2 * HandshakeSize];
        await stream.ReadExactlyAsync(reply, cancellationToken);
        await stream.WriteAsync(reply.AsMemory(1, HandshakeSize), cancellationToken);

        var chunkSize = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(chunkSize, 4096);
        await stream.WriteAsync(Chunk(2, 1, 0, chunkSize), cancellationToken);
        await stream.WriteAsync(Chunk(3, 20, 0, [.. String("connect"), .. Number(1), .. Object(new()
        {
            ["app"] = "live", ["type"] = "nonprivate", ["flashVer"] = "FMLE/3.0 (compatible; silent)", ["tcUrl"] = $"rtmp://127.0.0.1:{port}/live",
        })]), cancellationToken);
        await stream.WriteAsync(Chunk(3, 20, 0, [.. String("createStream"), .. Number(2), 5]), cancellationToken);
        // nginx numbers the first stream of a connection 1.
        await stream.WriteAsync(Chunk(4, 20, 1, [.. String("publish"), .. Number(0), 5, .. String(streamPath), .. String("live")]), cancellationToken);
        return new SilentRtmpPublisher(client);
    }

    /// <summary>True once nginx closed the connection, false if it still holds it after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitUntilClosedByServerAsync(TimeSpan timeout)
    {
        await Task.WhenAny(_closedByServer, Task.Delay(timeout));
        return _closedByServer.IsCompleted;
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task DrainUntilClosedAsync(NetworkStream stream)
    {
        var buffer = new byte[4096];
        try
        {
            while (await stream.ReadAsync(buffer) > 0)
            {
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>One type-0 chunk holding a whole message (the chunk size was raised to 4096 first).</summary>
    private static byte[] Chunk(byte chunkStream, byte type, int messageStream, byte[] payload)
    {
        var header = new byte[12];
        header[0] = chunkStream;
        header[4] = (byte)(payload.Length >> 16);
        header[5] = (byte)(payload.Length >> 8);
        header[6] = (byte)payload.Length;
        header[7] = type;
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), messageStream);
        return [.. header, .. payload];
    }

    private static byte[] String(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return [2, (byte)(bytes.Length >> 8), (byte)bytes.Length, .. bytes];
    }

    private static byte[] Number(double value)
    {
        var bytes = new byte[9];
        BinaryPrimitives.WriteDoubleBigEndian(bytes.AsSpan(1), value);
        return bytes;
    }

    private static byte[] Object(Dictionary<string, string> properties)
    {
        var bytes = new List<byte> { 3 };
        foreach (var (key, value) in properties)
        {
            var name = Encoding.UTF8.GetBytes(key);
            bytes.AddRange([(byte)(name.Length >> 8), (byte)name.Length, .. name, .. String(value)]);
        }

        bytes.AddRange([0, 0, 9]);
        return [.. bytes];
    }
}
