using System.Buffers.Binary;

namespace LightPublisher;

/// <summary>One FLV tag as an RTMP message: 8 audio, 9 video, 18 data.</summary>
sealed record FlvTag(byte Type, uint Timestamp, byte[] Payload);

/// <summary>
/// An FLV file read once: what a publisher sends first (onMetaData as @setDataFrame, the AVC and AAC sequence
/// headers), and the audio and video tags after them in file order.
/// </summary>
sealed class FlvClip
{
    public required IReadOnlyList<FlvTag> Headers { get; init; }
    public required IReadOnlyList<FlvTag> Media { get; init; }

    /// <summary>How far the timestamps move on each time the clip starts again: the last tag plus one frame.</summary>
    public required uint LoopMilliseconds { get; init; }

    public static FlvClip Load(string path)
    {
        var file = File.ReadAllBytes(path);
        if (file.Length < 13 || file[0] != 'F' || file[1] != 'L' || file[2] != 'V')
            throw new InvalidDataException($"{path} is not an FLV file");
        var headers = new List<FlvTag>();
        var media = new List<FlvTag>();
        var position = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(5)) + 4; // the header, then PreviousTagSize0
        while (position + 11 <= file.Length)
        {
            var type = (byte)(file[position] & 0x1f);
            var size = ReadUInt24(file, position + 1);
            var timestamp = ReadUInt24(file, position + 4) | (uint)file[position + 7] << 24;
            if (position + 11 + size > file.Length)
                break; // a clip cut short while being written: its last tag is incomplete
            var payload = file.AsSpan(position + 11, (int)size).ToArray();
            position += 11 + (int)size + 4;
            if (type == 18)
                headers.Add(new FlvTag(type, 0, [.. SetDataFrame, .. payload]));
            else if (IsSequenceHeader(type, payload))
                headers.Add(new FlvTag(type, 0, payload));
            else if (type is 8 or 9 && payload.Length > 0)
                media.Add(new FlvTag(type, timestamp, payload));
        }
        if (media.Count == 0)
            throw new InvalidDataException($"{path} has no audio or video tags");
        return new FlvClip { Headers = headers, Media = media, LoopMilliseconds = media[^1].Timestamp + FrameMilliseconds(media) };
    }

    // AMF0 string "@setDataFrame": what RTMP publishers put before onMetaData so the server keeps it for its players.
    static readonly byte[] SetDataFrame = [0x02, 0x00, 0x0d, .. "@setDataFrame"u8];

    static bool IsSequenceHeader(byte type, byte[] payload) => payload.Length > 1 && payload[1] == 0 && type switch
    {
        9 => (payload[0] & 0x0f) == 7, // AVC, AVCPacketType 0
        8 => payload[0] >> 4 == 10,    // AAC, AACPacketType 0
        _ => false,
    };

    static uint FrameMilliseconds(List<FlvTag> media)
    {
        var video = media.Where(t => t.Type == 9).TakeLast(2).ToArray();
        return video.Length == 2 && video[1].Timestamp > video[0].Timestamp ? video[1].Timestamp - video[0].Timestamp : 33;
    }

    static uint ReadUInt24(byte[] bytes, int at) => (uint)(bytes[at] << 16 | bytes[at + 1] << 8 | bytes[at + 2]);
}
