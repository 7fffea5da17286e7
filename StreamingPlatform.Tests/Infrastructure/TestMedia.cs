namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>Recordings made the way nginx makes them (H.264 + AAC in FLV), for tests that plant files.</summary>
internal static class TestMedia
{
    public static async Task MakeFlvAsync(string path, int seconds)
    {
        var (exit, output) = await ChildProcess.RunAsync("ffmpeg",
        [
            "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc2=size=320x240:rate=25:duration={seconds}",
            "-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=44100:duration={seconds}",
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac",
            // Like nginx's recordings of a live stream: no duration or file size in the FLV header.
            "-flvflags", "no_duration_filesize", "-f", "flv", path,
        ], TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, output);
    }

    /// <summary>A recording file name as nginx's record_unique gives it, in the past so no live session is implied.</summary>
    public static string RecordingName(string channel, DateTimeOffset startedAt) => $"{channel}-{startedAt.ToUnixTimeSeconds()}.flv";
}
