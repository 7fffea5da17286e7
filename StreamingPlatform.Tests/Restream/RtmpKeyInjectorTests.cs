extern alias VodWorkerAssembly;

using System.Buffers.Binary;
using System.Text;
using VodWorkerAssembly::StreamingPlatform.VodWorker.Restream;

namespace StreamingPlatform.Tests.Restream;

/// <summary>
/// The key injector on RTMP as FFmpeg writes it: handshake, commands in chunks of 128 bytes, a chunk size change, media.
/// The placeholder must become the key in every command (wherever chunk boundaries cut it) and nowhere else.
/// </summary>
public sealed class RtmpKeyInjectorTests
{
    private const string Key = "abcd-efgh-ijkl-mnop-qrst-uvwx";
    private static readonly string Placeholder = new('P', Key.Length);

    [Fact]
    public void ThePlaceholderBecomesTheKeyInEveryCommandAlsoWhereAChunkBoundaryCutsItOrTheChunkSizeChanged()
    {
        var (client, expected) = FfmpegPublish(placeholderIn: Placeholder, keyIn: Key);

        var injector = new RtmpKeyInjector(Encoding.ASCII.GetBytes(Placeholder), Encoding.ASCII.GetBytes(Key));
        var output = injector.Feed(client);

        Assert.Equal(expected, output);
        Assert.Equal(3, injector.Replaced); // releaseStream, FCPublish, publish; the video frame that happens to hold the bytes is media
        Assert.True(injector.MediaStarted);
        Assert.DoesNotContain(Placeholder, Encoding.ASCII.GetString(output[..^VideoPayload.Length]));
    }

    [Fact]
    public void BytesArrivingOneByOneComeOutAsTheyWouldInOnePieceAndACommandWaitsUntilItIsComplete()
    {
        var (client, expected) = FfmpegPublish(placeholderIn: Placeholder, keyIn: Key);
        var injector = new RtmpKeyInjector(Encoding.ASCII.GetBytes(Placeholder), Encoding.ASCII.GetBytes(Key));
        var output = new List<byte>();
        var mostHeldBack = 0;
        for (var i = 0; i < client.Length; i++)
        {
            output.AddRange(injector.Feed(client.AsSpan(i, 1)));
            mostHeldBack = Math.Max(mostHeldBack, i + 1 - output.Count);
        }

        Assert.Equal(expected, output.ToArray());
        // Held back: at most one command message (the longest, connect, is under 300 bytes with its chunk headers).
        Assert.InRange(mostHeldBack, 1, 300);
    }

    [Fact]
    public void NothingIsReplacedBeforeTheHandshakeEndsOrInsideMediaAndTheLengthsMustMatch()
    {
        var injector = new RtmpKeyInjector(Encoding.ASCII.GetBytes(Placeholder), Encoding.ASCII.GetBytes(Key));
        var handshake = new byte[1 + 1536 + 1536];
        Amf0String(Placeholder).CopyTo(handshake, 100);
        Assert.Equal(handshake, injector.Feed(handshake));
        Assert.Equal(0, injector.Replaced);
        Assert.False(injector.MediaStarted);

        Assert.Throws<ArgumentException>(() => new RtmpKeyInjector("short"u8, Encoding.ASCII.GetBytes(Key)));
    }

    private static readonly byte[] VideoPayload = [0x17, 0x01, 0, 0, 0, .. Amf0String(Placeholder)];

    /// <summary>What FFmpeg sends to publish: the client's bytes, and the same with the key where the target must see it.</summary>
    private static (byte[] Client, byte[] Expected) FfmpegPublish(string placeholderIn, string keyIn)
    {
        byte[] Build(string name)
        {
            var bytes = new List<byte> { 3 };
            bytes.AddRange(Enumerable.Range(0, 1536 * 2).Select(i => (byte)(i * 7)));
            // connect: 128-byte chunks, so it spans several.
            bytes.AddRange(Chunks(3, 20, 0, [.. Amf0String("connect"), .. Amf0Number(1), 0x03, .. Amf0Property("app", "live2"),
                .. Amf0Property("tcUrl", "rtmp://a.rtmp.youtube.com/live2"), .. Amf0Property("flashVer", new string('F', 120)), 0, 0, 9], 128));
            // releaseStream padded so that the name crosses the 128-byte chunk boundary.
            bytes.AddRange(Chunks(3, 20, 0, [.. Amf0String("releaseStream"), .. Amf0Number(2), 0x05, .. Amf0String(new string('x', 90)), .. Amf0String(name)], 128));
            // The chunk size from here on: 40 bytes, so FCPublish and publish are cut, the names inside them.
            bytes.AddRange(Chunks(2, 1, 0, BigEndian(40), 128));
            bytes.AddRange(Chunks(3, 20, 0, [.. Amf0String("FCPublish"), .. Amf0Number(3), 0x05, .. Amf0String(name)], 40));
            bytes.AddRange(Chunks(4, 20, 1, [.. Amf0String("publish"), .. Amf0Number(5), 0x05, .. Amf0String(name), .. Amf0String("live")], 40));
            // A video frame whose bytes happen to look like the placeholder: media, left alone.
            bytes.AddRange(Chunks(6, 9, 1, VideoPayload, 40));
            return [.. bytes];
        }

        return (Build(placeholderIn), Build(keyIn));
    }

    /// <summary>One message as RTMP chunks: a type-0 header, then a type-3 header before each further chunk.</summary>
    private static byte[] Chunks(int chunkStream, byte type, int streamId, byte[] payload, int chunkSize)
    {
        var bytes = new List<byte> { (byte)chunkStream, 0, 0, 0, (byte)(payload.Length >> 16), (byte)(payload.Length >> 8), (byte)payload.Length, type };
        bytes.AddRange(BitConverter.GetBytes(streamId)); // little-endian, as RTMP's message stream id
        for (var offset = 0; offset < payload.Length; offset += chunkSize)
        {
            if (offset > 0)
            {
                bytes.Add((byte)(0xC0 | chunkStream));
            }

            bytes.AddRange(payload.Skip(offset).Take(chunkSize));
        }

        return [.. bytes];
    }

    private static byte[] Amf0String(string value) => [0x02, (byte)(value.Length >> 8), (byte)value.Length, .. Encoding.ASCII.GetBytes(value)];

    private static byte[] Amf0Property(string name, string value) => [(byte)(name.Length >> 8), (byte)name.Length, .. Encoding.ASCII.GetBytes(name), .. Amf0String(value)];

    private static byte[] Amf0Number(double value)
    {
        var bytes = new byte[9];
        BinaryPrimitives.WriteDoubleBigEndian(bytes.AsSpan(1), value);
        return bytes;
    }

    private static byte[] BigEndian(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }
}
