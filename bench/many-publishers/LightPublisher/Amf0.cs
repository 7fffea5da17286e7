using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace LightPublisher;

/// <summary>The part of AMF0 that RTMP commands use: numbers, booleans, strings, null and objects.</summary>
static class Amf0
{
    public static byte[] Encode(params object?[] values)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        foreach (var value in values)
            Write(buffer, value);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The values of a command message; objects and ECMA arrays become dictionaries, other types stop the reading.</summary>
    public static List<object?> Decode(ReadOnlySpan<byte> payload)
    {
        var values = new List<object?>();
        var position = 0;
        while (position < payload.Length && TryRead(payload, ref position, out var value))
            values.Add(value);
        return values;
    }

    static void Write(ArrayBufferWriter<byte> buffer, object? value)
    {
        switch (value)
        {
            case null:
                buffer.Write([(byte)0x05]);
                break;
            case double number:
                var bytes = buffer.GetSpan(9);
                bytes[0] = 0x00;
                BinaryPrimitives.WriteDoubleBigEndian(bytes[1..], number);
                buffer.Advance(9);
                break;
            case bool flag:
                buffer.Write([(byte)0x01, (byte)(flag ? 1 : 0)]);
                break;
            case string text:
                buffer.Write([(byte)0x02]);
                WriteUtf8(buffer, text);
                break;
            case IEnumerable<KeyValuePair<string, object?>> properties:
                buffer.Write([(byte)0x03]);
                foreach (var (key, property) in properties)
                {
                    WriteUtf8(buffer, key);
                    Write(buffer, property);
                }
                buffer.Write([(byte)0x00, (byte)0x00, (byte)0x09]);
                break;
            default:
                throw new ArgumentException($"AMF0 has no encoding here for {value.GetType()}");
        }
    }

    static void WriteUtf8(ArrayBufferWriter<byte> buffer, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var span = buffer.GetSpan(2 + length);
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)length);
        Encoding.UTF8.GetBytes(text, span[2..]);
        buffer.Advance(2 + length);
    }

    static bool TryRead(ReadOnlySpan<byte> payload, ref int position, out object? value)
    {
        value = null;
        var marker = payload[position++];
        switch (marker)
        {
            case 0x00 when position + 8 <= payload.Length:
                value = BinaryPrimitives.ReadDoubleBigEndian(payload[position..]);
                position += 8;
                return true;
            case 0x01 when position + 1 <= payload.Length:
                value = payload[position++] != 0;
                return true;
            case 0x02:
                return TryReadUtf8(payload, ref position, out value);
            case 0x05 or 0x06:
                return true;
            case 0x03:
                return TryReadProperties(payload, ref position, out value);
            case 0x08 when position + 4 <= payload.Length:
                position += 4; // the ECMA array's count: its end marker is what ends it
                return TryReadProperties(payload, ref position, out value);
            default:
                return false;
        }
    }

    static bool TryReadProperties(ReadOnlySpan<byte> payload, ref int position, out object? value)
    {
        var properties = new Dictionary<string, object?>();
        value = properties;
        while (position + 3 <= payload.Length)
        {
            if (payload[position] == 0 && payload[position + 1] == 0 && payload[position + 2] == 0x09)
            {
                position += 3;
                return true;
            }
            if (!TryReadUtf8(payload, ref position, out var key) || position >= payload.Length
                || !TryRead(payload, ref position, out var property))
                return false;
            properties[(string)key!] = property;
        }
        return false;
    }

    static bool TryReadUtf8(ReadOnlySpan<byte> payload, ref int position, out object? value)
    {
        value = null;
        if (position + 2 > payload.Length)
            return false;
        var length = BinaryPrimitives.ReadUInt16BigEndian(payload[position..]);
        if (position + 2 + length > payload.Length)
            return false;
        value = Encoding.UTF8.GetString(payload.Slice(position + 2, length));
        position += 2 + length;
        return true;
    }
}
