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
    public static async Task MakeFlvAsync(string path, int seconds, string videoCodec = H264, string audioCodec = Aac, bool durationInHeader = false,
        string size = "320x240")
    {
        List<string> arguments =
        [
            "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc2=size={size}:rate=25:duration={seconds}",
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

    /// <summary>
    /// What a phone that rotates sends: <paramref name="secondsEach"/> of 640x360, then its encoder restarts at 360x640
    /// and the stream goes on with a new AVC (and AAC) sequence header. FFmpeg's concat writes no second sequence
    /// header into an FLV, so the tags of two separately encoded FLVs are joined here, the second's timestamps
    /// continuing the first's.
    /// </summary>
    public static async Task MakeRotatedFlvAsync(string path, int secondsEach)
    {
        var landscape = path + ".landscape.flv";
        var portrait = path + ".portrait.flv";
        try
        {
            await MakeFlvAsync(landscape, secondsEach, size: "640x360");
            await MakeFlvAsync(portrait, secondsEach, size: "360x640");
            await using var output = File.Create(path);
            var first = await File.ReadAllBytesAsync(landscape);
            output.Write(first.AsSpan(0, 13)); // header and the first previous-tag size
            var end = CopyTags(first, output, shift: 0, skipScripts: false);
            CopyTags(await File.ReadAllBytesAsync(portrait), output, shift: end + 40, skipScripts: true);
        }
        finally
        {
            File.Delete(landscape);
            File.Delete(portrait);
        }
    }

    /// <summary>Writes the FLV's tags with their timestamps moved by <paramref name="shift"/> ms; returns the last timestamp written.</summary>
    private static long CopyTags(byte[] flv, Stream output, long shift, bool skipScripts)
    {
        var last = 0L;
        var offset = (flv[5] << 24 | flv[6] << 16 | flv[7] << 8 | flv[8]) + 4;
        while (offset + 11 <= flv.Length)
        {
            var size = flv[offset + 1] << 16 | flv[offset + 2] << 8 | flv[offset + 3];
            var tag = flv.AsSpan(offset, 11 + size + 4).ToArray();
            offset += tag.Length;
            if (skipScripts && tag[0] == 18)
            {
                continue;
            }

            var timestamp = ((long)tag[7] << 24 | (long)(tag[4] << 16 | tag[5] << 8 | tag[6])) + shift;
            (tag[4], tag[5], tag[6], tag[7]) = ((byte)(timestamp >> 16), (byte)(timestamp >> 8), (byte)timestamp, (byte)(timestamp >> 24));
            last = Math.Max(last, timestamp);
            output.Write(tag);
        }

        return last;
    }

    /// <summary>A recording file name as nginx's record_unique gives it, in the past so no live session is implied.</summary>
    public static string RecordingName(string channel, DateTimeOffset startedAt) => $"{channel}-{startedAt.ToUnixTimeSeconds()}.flv";
}
