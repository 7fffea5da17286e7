namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>Recordings made the way nginx makes them (H.264 + AAC in FLV), for tests that plant files.</summary>
internal static class TestMedia
{
    public const string H264 = "libx264";
    public const string Aac = "aac";

    /// <summary>
    /// A test pattern with a tone. By default as nginx records a phone (H.264 + AAC, no duration or file size in the
    /// FLV header); other FFmpeg encoders (<c>flv</c> for Sorenson, <c>pcm_s16le</c>, <c>libmp3lame</c>) make the
    /// odd recordings some publishers send, and <paramref name="durationInHeader"/> the header some encoders write.
    /// </summary>
    public static async Task MakeFlvAsync(string path, int seconds, string videoCodec = H264, string audioCodec = Aac, bool durationInHeader = false)
    {
        List<string> arguments =
        [
            "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc2=size=320x240:rate=25:duration={seconds}",
            "-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=44100:duration={seconds}",
            "-c:v", videoCodec, "-g", "25", "-pix_fmt", "yuv420p", "-c:a", audioCodec,
        ];
        if (videoCodec == H264)
        {
            arguments.AddRange(["-preset", "ultrafast"]);
        }

        if (!durationInHeader)
        {
            arguments.AddRange(["-flvflags", "no_duration_filesize"]);
        }

        arguments.AddRange(["-f", "flv", path]);
        var (exit, output) = await ChildProcess.RunAsync("ffmpeg", arguments, TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, output);
    }

    /// <summary>
    /// A recording whose video tags name FLV codec 1 (JPEG), which FFmpeg has no decoder for: ffprobe sees a video
    /// stream, yet FFmpeg can neither copy it into MP4 nor re-encode it, this time and every time.
    /// </summary>
    public static async Task MakeFlvWithUndecodableVideoAsync(string path, int seconds)
    {
        await MakeFlvAsync(path, seconds);
        var bytes = await File.ReadAllBytesAsync(path);
        // FLV: a 9-byte header and a 4-byte previous-tag size, then tags of 11 header bytes, their data and a 4-byte size.
        for (var tag = 13; tag + 11 < bytes.Length; tag += 11 + (bytes[tag + 1] << 16 | bytes[tag + 2] << 8 | bytes[tag + 3]) + 4)
        {
            if (bytes[tag] == 9)
            {
                bytes[tag + 11] = (byte)((bytes[tag + 11] & 0xF0) | 1); // frame type kept, codec id 1
            }
        }

        await File.WriteAllBytesAsync(path, bytes);
    }

    /// <summary>A recording file name as nginx's record_unique gives it, in the past so no live session is implied.</summary>
    public static string RecordingName(string channel, DateTimeOffset startedAt) => $"{channel}-{startedAt.ToUnixTimeSeconds()}.flv";
}
