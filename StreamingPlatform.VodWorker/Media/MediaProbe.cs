using System.Globalization;
using System.Text.Json;

namespace StreamingPlatform.VodWorker.Media;

/// <summary>One stream as ffprobe describes it; what ffprobe was not asked for, or did not say, is null or 0.</summary>
/// <param name="Type">ffprobe's codec_type: video, audio, data...</param>
/// <param name="Codec">ffprobe's codec_name: h264, aac, flv1, pcm_s16le, mp3...</param>
/// <param name="BitRate">bits per second, when the file or the publisher says it (FLV metadata).</param>
/// <param name="BFrames">has_b_frames: how many frames a decoder holds back to reorder them.</param>
public sealed record ProbedStream(string? Type, string? Codec, int Width, int Height, long? BitRate, int? BFrames);

/// <summary>
/// What ffprobe says of a recording, a VOD or a live source: its streams (<see cref="Streams"/>; codecs by ffprobe's names)
/// and the duration its header or last tag gives, null when unknown (a truncated FLV has no last tag to read it from).
/// Every job reads ffprobe's JSON through <see cref="Parse"/>.
/// </summary>
public sealed record MediaProbe(bool Readable, bool HasVideo, bool HasAudio, double? DurationSeconds, string Error,
    string? VideoCodec = null, string? AudioCodec = null)
{
    public IReadOnlyList<ProbedStream> Streams { get; init; } = [];

    /// <summary>ffprobe's <c>-of json</c> answer: its streams, first video and audio, and the format's duration.</summary>
    public static MediaProbe Parse(string json, string error = "")
    {
        using var document = JsonDocument.Parse(json);
        var streams = document.RootElement.TryGetProperty("streams", out var list)
            ? list.EnumerateArray().Select(Stream).ToList()
            : [];
        double? duration = document.RootElement.TryGetProperty("format", out var format)
            && format.TryGetProperty("duration", out var d)
            && double.TryParse(d.GetString(), CultureInfo.InvariantCulture, out var seconds)
                ? seconds
                : null;
        var video = streams.FirstOrDefault(s => s.Type == "video");
        var audio = streams.FirstOrDefault(s => s.Type == "audio");
        return new MediaProbe(true, video is not null, audio is not null, duration, error, video?.Codec, audio?.Codec) { Streams = streams };
    }

    private static ProbedStream Stream(JsonElement stream) => new(
        Text(stream, "codec_type"),
        Text(stream, "codec_name"),
        Number(stream, "width") ?? 0,
        Number(stream, "height") ?? 0,
        long.TryParse(Text(stream, "bit_rate"), CultureInfo.InvariantCulture, out var bits) ? bits : null,
        Number(stream, "has_b_frames"));

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Number(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;
}

/// <summary>How many audio and video packets a file holds and the seconds from the first one's start to the last one's end.</summary>
public sealed record MediaExtent(int Packets, double Seconds)
{
    public static readonly MediaExtent None = new(0, 0);
}
