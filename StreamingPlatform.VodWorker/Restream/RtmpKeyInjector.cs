using System.Buffers.Binary;

namespace StreamingPlatform.VodWorker.Restream;

/// <summary>
/// Puts the stream key into FFmpeg's RTMP on its way to the target, so that FFmpeg (whose command line any local user
/// reads) never knows it: FFmpeg publishes to a placeholder of the key's length, and every AMF0 string in its command
/// messages (releaseStream, FCPublish, publish, FCUnpublish) that equals the placeholder is rewritten to the key. Equal
/// lengths leave every chunk header as it is. The client-to-server bytes are parsed as RTMP chunks (handshake, chunk
/// size changes, chunk headers of every format), so a name split across chunks is found too; the payload of a command
/// message is held back until the message is complete, everything else passes at once.
/// </summary>
public sealed class RtmpKeyInjector
{
    private const int HandshakeLength = 1 + 1536 + 1536; // C0, C1, C2
    private const int MaxHeldBack = 64 * 1024;
    private const byte SetChunkSize = 1;
    private const byte Audio = 8;
    private const byte Video = 9;
    private const byte Amf3Command = 17;
    private const byte Amf0Command = 20;

    private readonly byte[] _pattern; // AMF0 string marker, length, placeholder
    private readonly byte[] _key;
    private readonly Dictionary<int, ChunkStream> _streams = [];
    private readonly List<byte> _pending = [];
    private long _pendingStart; // stream position of _pending[0]
    private long _parsed; // stream position up to which the input is parsed
    private long _handshakeLeft = HandshakeLength;
    private int _chunkSize = 128;
    private ChunkStream? _inPayload;
    private int _chunkLeft;

    public RtmpKeyInjector(ReadOnlySpan<byte> placeholder, ReadOnlySpan<byte> key)
    {
        if (placeholder.Length != key.Length || key.Length is 0 or > ushort.MaxValue)
        {
            throw new ArgumentException("The placeholder and the key must have the same length, 1 to 65535 bytes.", nameof(key));
        }

        _pattern = [0x02, (byte)(key.Length >> 8), (byte)key.Length, .. placeholder];
        _key = key.ToArray();
    }

    /// <summary>The client sent audio or video: the server accepted the publish.</summary>
    public bool MediaStarted { get; private set; }

    /// <summary>How many placeholders were replaced so far.</summary>
    public int Replaced { get; private set; }

    /// <summary>Takes the next bytes from the client; returns the bytes to send to the server now (possibly none).</summary>
    public byte[] Feed(ReadOnlySpan<byte> input)
    {
        _pending.AddRange(input);
        Parse();
        var holdFrom = _streams.Values.Where(s => s.Held is not null).Select(s => s.HeldFrom).DefaultIfEmpty(_parsed).Min();
        var ready = (int)(Math.Min(holdFrom, _parsed) - _pendingStart);
        if (_pending.Count - ready > MaxHeldBack)
        {
            throw new InvalidDataException("An RTMP command message from FFmpeg is larger than 64 KiB; not RTMP as expected.");
        }

        var output = _pending.GetRange(0, ready).ToArray();
        _pending.RemoveRange(0, ready);
        _pendingStart += ready;
        return output;
    }

    private long End => _pendingStart + _pending.Count;

    private byte At(long position) => _pending[(int)(position - _pendingStart)];

    private void Parse()
    {
        while (_parsed < End)
        {
            if (_handshakeLeft > 0)
            {
                var step = Math.Min(_handshakeLeft, End - _parsed);
                _handshakeLeft -= step;
                _parsed += step;
            }
            else if (_inPayload is { } stream)
            {
                var step = (int)Math.Min(_chunkLeft, End - _parsed);
                stream.Held?.Add((_parsed, step));
                _parsed += step;
                _chunkLeft -= step;
                stream.MessageLeft -= step;
                if (_chunkLeft == 0)
                {
                    _inPayload = null;
                    if (stream.MessageLeft == 0)
                    {
                        Complete(stream);
                    }
                }
            }
            else if (!TryReadChunkHeader())
            {
                return;
            }
        }
    }

    /// <summary>Reads a chunk header when all of it has arrived, and starts its payload.</summary>
    private bool TryReadChunkHeader()
    {
        var available = End - _parsed;
        var first = At(_parsed);
        var format = first >> 6;
        var id = first & 0x3F;
        var basic = id switch { 0 => 2, 1 => 3, _ => 1 };
        if (available < basic)
        {
            return false;
        }

        id = id switch
        {
            0 => 64 + At(_parsed + 1),
            1 => 64 + At(_parsed + 1) + (At(_parsed + 2) << 8),
            _ => id,
        };
        var messageHeader = format switch { 0 => 11, 1 => 7, 2 => 3, _ => 0 };
        if (available < basic + messageHeader)
        {
            return false;
        }

        if (!_streams.TryGetValue(id, out var stream))
        {
            stream = _streams[id] = new ChunkStream();
        }

        var header = _parsed + basic;
        var extended = format == 3 ? stream.ExtendedTimestamp : Read24(header) == 0xFFFFFF;
        if (available < basic + messageHeader + (extended ? 4 : 0))
        {
            return false;
        }

        if (format <= 1)
        {
            stream.Length = Read24(header + 3);
            stream.Type = At(header + 6);
        }

        if (format <= 2)
        {
            stream.ExtendedTimestamp = extended;
        }

        _parsed += basic + messageHeader + (extended ? 4 : 0);
        if (stream.MessageLeft == 0)
        {
            // A new message starts on this chunk stream.
            stream.MessageLeft = stream.Length;
            MediaStarted |= stream.Type is Audio or Video;
            stream.Held = stream.Type is SetChunkSize or Amf0Command or Amf3Command ? [] : null;
            stream.HeldFrom = _parsed;
            if (stream.Length == 0)
            {
                Complete(stream);
                return true;
            }
        }

        _inPayload = stream;
        _chunkLeft = Math.Min(_chunkSize, stream.MessageLeft);
        return true;
    }

    private void Complete(ChunkStream stream)
    {
        if (stream.Held is not { } segments)
        {
            return;
        }

        stream.Held = null;
        var positions = segments.SelectMany(s => Enumerable.Range(0, s.Length).Select(i => s.Start + i)).ToList();
        if (stream.Type == SetChunkSize)
        {
            if (positions.Count >= 4)
            {
                _chunkSize = (int)(BinaryPrimitives.ReadUInt32BigEndian([At(positions[0]), At(positions[1]), At(positions[2]), At(positions[3])]) & 0x7FFFFFFF);
            }

            return;
        }

        for (var i = 0; i + _pattern.Length <= positions.Count; i++)
        {
            if (!Matches(positions, i))
            {
                continue;
            }

            for (var k = 0; k < _key.Length; k++)
            {
                _pending[(int)(positions[i + 3 + k] - _pendingStart)] = _key[k];
            }

            Replaced++;
            i += _pattern.Length - 1;
        }
    }

    private bool Matches(List<long> positions, int offset)
    {
        for (var j = 0; j < _pattern.Length; j++)
        {
            if (At(positions[offset + j]) != _pattern[j])
            {
                return false;
            }
        }

        return true;
    }

    private int Read24(long position) => (At(position) << 16) | (At(position + 1) << 8) | At(position + 2);

    private sealed class ChunkStream
    {
        public int Length;
        public byte Type;
        public bool ExtendedTimestamp;
        public int MessageLeft;

        /// <summary>Where the payload of a command message being received lies (stream positions), or null.</summary>
        public List<(long Start, int Length)>? Held;

        /// <summary>Where that payload starts: nothing from here on goes out until the message is complete.</summary>
        public long HeldFrom;
    }
}
