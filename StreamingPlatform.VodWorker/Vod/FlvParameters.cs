using Microsoft.Win32.SafeHandles;
using StreamingPlatform.VodWorker.Media;

namespace StreamingPlatform.VodWorker.Vod;

/// <summary>
/// The codec parameters an FLV recording announces: every AVC (video) and AAC (audio) sequence header that differs
/// from the one before it, with when it came. A phone that rotates restarts its encoder at the new size and sends a
/// new AVC sequence header mid-stream; an MP4 made with <c>-c copy</c> keeps only the first one, and what follows
/// does not decode. Read from the tags' headers alone (one small read per tag, the payloads are skipped), so a
/// recording of hours is scanned in a fraction of its remux. The same walk measures what the tags really hold
/// (<see cref="Extent"/>), which a cut-short FLV's header may overstate, without a second pass over the file.
/// </summary>
public sealed record FlvParameters(IReadOnlyList<FlvConfig> Video, IReadOnlyList<FlvConfig> Audio, MediaExtent Extent)
{
    /// <summary>Not an FLV: nothing is known, and the extent must be measured another way.</summary>
    public static readonly FlvParameters Unknown = new([], [], MediaExtent.None);

    public bool IsFlv => !ReferenceEquals(this, Unknown);

    private const int TagHeaderLength = 11;
    private const byte AudioTag = 8;
    private const byte VideoTag = 9;
    private const int AvcCodec = 7;
    private const int AacFormat = 10;
    private const int SequenceHeader = 0;
    private const int AvcNalu = 1;

    /// <summary>Scans the file; a file that is not FLV gives <see cref="Unknown"/>, a cut-short one what came before the cut.</summary>
    public static FlvParameters Read(string path)
    {
        using var file = File.OpenHandle(path);
        var length = RandomAccess.GetLength(file);
        // The tag header, the codec byte, the packet type and an AVC packet's 3-byte composition time.
        Span<byte> head = stackalloc byte[TagHeaderLength + 5];
        if (RandomAccess.Read(file, head[..9], 0) < 9 || head[0] != 'F' || head[1] != 'L' || head[2] != 'V')
        {
            return Unknown;
        }

        var video = new List<FlvConfig>();
        var audio = new List<FlvConfig>();
        var extent = new ExtentCounter();
        long? first = null;
        // The header's own length, then the first previous-tag size (4 bytes).
        for (long offset = (head[5] << 24 | head[6] << 16 | head[7] << 8 | head[8]) + 4; offset + TagHeaderLength <= length;)
        {
            head.Clear();
            if (RandomAccess.Read(file, head, offset) < TagHeaderLength)
            {
                break;
            }

            var type = (byte)(head[0] & 0x1F);
            var size = head[1] << 16 | head[2] << 8 | head[3];
            var timestamp = (long)head[7] << 24 | (long)(head[4] << 16 | head[5] << 8 | head[6]);
            var body = offset + TagHeaderLength;
            if (body + size > length)
            {
                break;
            }

            if (type is AudioTag or VideoTag)
            {
                first ??= timestamp;
                var seconds = (timestamp - first.Value) / 1000.0;
                var avc = type == VideoTag && (head[11] & 0x0F) == AvcCodec;
                var aac = type == AudioTag && head[11] >> 4 == AacFormat;
                if (avc && head[12] == SequenceHeader && size > 5)
                {
                    Add(video, ReadConfig(file, body + 5, size - 5), seconds);
                }
                else if (aac && head[12] == SequenceHeader && size > 2)
                {
                    Add(audio, ReadConfig(file, body + 2, size - 2), seconds);
                }
                else if (avc ? head[12] == AvcNalu && size > 5 : size > (aac ? 2 : 1))
                {
                    // What ffprobe calls a packet: media, not a sequence header or an end of sequence. An AVC packet is
                    // shown at its decoding time plus its composition offset.
                    var compositionOffset = avc ? (head[13] << 16 | head[14] << 8 | head[15]) << 8 >> 8 : 0;
                    extent.Add(type == VideoTag, timestamp, timestamp + compositionOffset);
                }
            }

            offset = body + size + 4;
        }

        return new FlvParameters(video, audio, extent.ToExtent());
    }

    private static byte[] ReadConfig(SafeFileHandle file, long offset, int size)
    {
        var config = new byte[size];
        return RandomAccess.Read(file, config, offset) == size ? config : [];
    }

    /// <summary>
    /// The packets' span from the first one's start to the last one's end; a packet lasts until the next one of its stream,
    /// the last one as long as the one before it.
    /// </summary>
    private sealed class ExtentCounter
    {
        private readonly long?[] _lastDecode = new long?[2];
        private readonly long[] _step = new long[2];
        private int _packets;
        private long _first = long.MaxValue;
        private long _end = long.MinValue;

        public void Add(bool isVideo, long decodeMs, long presentMs)
        {
            var stream = isVideo ? 1 : 0;
            if (_lastDecode[stream] is { } last && decodeMs > last)
            {
                _step[stream] = decodeMs - last;
            }

            _lastDecode[stream] = decodeMs;
            _packets++;
            _first = Math.Min(_first, presentMs);
            _end = Math.Max(_end, presentMs + _step[stream]);
        }

        public MediaExtent ToExtent() => _packets == 0 ? MediaExtent.None : new MediaExtent(_packets, (_end - _first) / 1000.0);
    }

    /// <summary>Keeps a sequence header only when it differs from the last one: encoders may repeat theirs.</summary>
    private static void Add(List<FlvConfig> configs, byte[] config, double seconds)
    {
        if (configs.Count == 0 || !configs[^1].Bytes.AsSpan().SequenceEqual(config))
        {
            configs.Add(new FlvConfig(config, seconds));
        }
    }
}

/// <summary>A sequence header's bytes (AVCDecoderConfigurationRecord or AudioSpecificConfig) and when it came, from the file's first packet.</summary>
public sealed record FlvConfig(byte[] Bytes, double AtSeconds);
