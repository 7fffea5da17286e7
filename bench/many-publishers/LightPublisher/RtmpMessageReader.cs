using System.Buffers.Binary;

namespace LightPublisher;

/// <summary>One whole message from the server.</summary>
readonly record struct RtmpMessage(byte Type, byte[] Payload);

/// <summary>
/// Reassembles the server's chunks into messages (every header type, extended timestamps, its Set Chunk Size). Only
/// what a publisher needs to know is kept: the message's type and payload.
/// </summary>
sealed class RtmpMessageReader(Stream stream)
{
    byte[] buffer = new byte[8 * 1024];
    int start, end;
    int chunkSize = 128;
    readonly Dictionary<int, ChunkStream> chunkStreams = [];

    sealed class ChunkStream
    {
        public int Length;
        public byte Type;
        public bool Extended;
        public byte[]? Payload;
        public int Received;
    }

    /// <summary>The next message, or null when the server closed the connection.</summary>
    public async ValueTask<RtmpMessage?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!await FillAsync(1, cancellationToken))
                return null;
            var format = buffer[start] >> 6;
            var id = buffer[start] & 0x3f;
            var basic = id switch { 0 => 2, 1 => 3, _ => 1 };
            var headerLength = basic + format switch { 0 => 11, 1 => 7, 2 => 3, _ => 0 };
            if (!await FillAsync(headerLength, cancellationToken))
                return null;
            var header = buffer.AsSpan(start, headerLength);
            id = basic switch { 2 => 64 + header[1], 3 => 64 + header[1] + header[2] * 256, _ => id };
            if (!chunkStreams.TryGetValue(id, out var chunkStream))
                chunkStreams[id] = chunkStream = new ChunkStream();
            if (format <= 2)
                chunkStream.Extended = ReadUInt24(header[basic..]) == 0xFFFFFF;
            if (format <= 1)
            {
                chunkStream.Length = (int)ReadUInt24(header[(basic + 3)..]);
                chunkStream.Type = header[basic + 6];
            }
            if (chunkStream.Extended)
                headerLength += 4;
            chunkStream.Payload ??= new byte[chunkStream.Length];
            var piece = Math.Min(chunkSize, chunkStream.Length - chunkStream.Received);
            if (!await FillAsync(headerLength + piece, cancellationToken))
                return null;
            buffer.AsSpan(start + headerLength, piece).CopyTo(chunkStream.Payload.AsSpan(chunkStream.Received));
            chunkStream.Received += piece;
            start += headerLength + piece;
            if (chunkStream.Received < chunkStream.Length)
                continue;
            var message = new RtmpMessage(chunkStream.Type, chunkStream.Payload);
            chunkStream.Payload = null;
            chunkStream.Received = 0;
            if (message.Type == 1 && message.Payload.Length >= 4)
                chunkSize = BinaryPrimitives.ReadInt32BigEndian(message.Payload) & 0x7fffffff;
            return message;
        }
    }

    // At least `count` unread bytes in the buffer, reading more as needed; false at the end of the stream.
    async ValueTask<bool> FillAsync(int count, CancellationToken cancellationToken)
    {
        if (end - start >= count)
            return true;
        if (buffer.Length < count)
            Array.Resize(ref buffer, Math.Max(count, buffer.Length * 2));
        if (start + count > buffer.Length)
        {
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            end -= start;
            start = 0;
        }
        while (end - start < count)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken);
            if (read == 0)
                return false;
            end += read;
        }
        return true;
    }

    static uint ReadUInt24(ReadOnlySpan<byte> span) => (uint)(span[0] << 16 | span[1] << 8 | span[2]);
}
