using System.Buffers;
using System.Buffers.Binary;

namespace LightPublisher;

/// <summary>
/// RTMP messages cut into chunks of one size into a buffer the caller sends. Every message starts with a full (type 0)
/// header, so no chunk depends on the one before; its further chunks are type 3, repeating an extended timestamp.
/// </summary>
sealed class RtmpMessageWriter(int chunkSize)
{
    public const int ControlChunkStream = 2;
    public const int CommandChunkStream = 3;
    public const int MediaChunkStream = 4;
    const uint ExtendedTimestamp = 0xFFFFFF;

    readonly ArrayBufferWriter<byte> buffer = new(64 * 1024);

    public ReadOnlyMemory<byte> Written => buffer.WrittenMemory;

    public void Clear() => buffer.ResetWrittenCount();

    public void Write(int chunkStream, byte type, uint timestamp, uint streamId, ReadOnlySpan<byte> payload)
    {
        var extended = timestamp >= ExtendedTimestamp;
        var header = buffer.GetSpan(16);
        header[0] = (byte)chunkStream;
        WriteUInt24(header[1..], extended ? ExtendedTimestamp : timestamp);
        WriteUInt24(header[4..], (uint)payload.Length);
        header[7] = type;
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], streamId);
        var length = 12;
        if (extended)
        {
            BinaryPrimitives.WriteUInt32BigEndian(header[12..], timestamp);
            length += 4;
        }
        buffer.Advance(length);
        for (var sent = 0; ; )
        {
            var piece = Math.Min(chunkSize, payload.Length - sent);
            buffer.Write(payload.Slice(sent, piece));
            sent += piece;
            if (sent == payload.Length)
                return;
            var continuation = buffer.GetSpan(5);
            continuation[0] = (byte)(0xC0 | chunkStream);
            if (extended)
                BinaryPrimitives.WriteUInt32BigEndian(continuation[1..], timestamp);
            buffer.Advance(extended ? 5 : 1);
        }
    }

    public void WriteCommand(uint streamId, params object?[] values) =>
        Write(CommandChunkStream, 20, 0, streamId, Amf0.Encode(values));

    public void WriteSetChunkSize()
    {
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(size, chunkSize);
        Write(ControlChunkStream, 1, 0, 0, size);
    }

    static void WriteUInt24(Span<byte> span, uint value)
    {
        span[0] = (byte)(value >> 16);
        span[1] = (byte)(value >> 8);
        span[2] = (byte)value;
    }
}
