using System.Buffers.Binary;
using System.Text;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>Just enough of protobuf's wire format to read OTLP payloads without generated code.</summary>
internal static class Protobuf
{
    public static IEnumerable<(int Field, ulong Number, ReadOnlyMemory<byte> Bytes)> Fields(ReadOnlyMemory<byte> message)
    {
        var fields = new List<(int, ulong, ReadOnlyMemory<byte>)>();
        var data = message.Span;
        var i = 0;
        while (i < data.Length)
        {
            var key = Varint(data, ref i);
            var field = (int)(key >> 3);
            switch (key & 7)
            {
                case 0:
                    fields.Add((field, Varint(data, ref i), default));
                    break;
                case 1:
                    fields.Add((field, BinaryPrimitives.ReadUInt64LittleEndian(data[i..]), message.Slice(i, 8)));
                    i += 8;
                    break;
                case 2:
                    var length = (int)Varint(data, ref i);
                    fields.Add((field, 0, message.Slice(i, length)));
                    i += length;
                    break;
                case 5:
                    fields.Add((field, BinaryPrimitives.ReadUInt32LittleEndian(data[i..]), message.Slice(i, 4)));
                    i += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type {key & 7} at byte {i}.");
            }
        }

        return fields;
    }

    public static IEnumerable<ReadOnlyMemory<byte>> Messages(ReadOnlyMemory<byte> message, int field) =>
        Fields(message).Where(f => f.Field == field).Select(f => f.Bytes);

    public static string? String(ReadOnlyMemory<byte> message, int field) =>
        Messages(message, field).Select(b => Encoding.UTF8.GetString(b.Span)).FirstOrDefault();

    public static string Hex(ReadOnlyMemory<byte> message, int field) =>
        Messages(message, field).Select(b => Convert.ToHexStringLower(b.Span)).FirstOrDefault() ?? "";

    public static ulong Number(ReadOnlyMemory<byte> message, int field) =>
        Fields(message).Where(f => f.Field == field).Select(f => f.Number).FirstOrDefault();

    private static ulong Varint(ReadOnlySpan<byte> data, ref int i)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[i++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
