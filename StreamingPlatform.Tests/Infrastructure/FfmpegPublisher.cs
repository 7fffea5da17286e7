namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>
/// A phone, as far as nginx can tell: ffmpeg pushing a live test pattern over RTMP with H.264 (1 s GOP) and AAC.
/// </summary>
internal sealed class FfmpegPublisher : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private FfmpegPublisher(ChildProcess process) => _process = process;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output => _process.Output;

    public static FfmpegPublisher Start(string rtmpUrl, TimeSpan? duration = null) => Start(rtmpUrl, duration, TestMedia.H264, TestMedia.Aac);

    /// <summary>A publisher with other encoders, e.g. <c>flv</c> (Sorenson) video and <c>pcm_s16le</c> audio, which FLV carries.</summary>
    public static FfmpegPublisher Start(string rtmpUrl, TimeSpan? duration, string videoCodec, string audioCodec)
    {
        List<string> arguments =
        [
            "-hide_banner", "-loglevel", "error", "-nostdin", "-re",
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
        ];
        if (duration is { } limit)
        {
            arguments.AddRange(["-t", limit.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        arguments.AddRange(
        [
            "-c:v", videoCodec, "-pix_fmt", "yuv420p", "-g", "25", "-keyint_min", "25", "-sc_threshold", "0",
            "-c:a", audioCodec, "-ar", "44100",
        ]);
        arguments.AddRange(videoCodec == TestMedia.H264 ? ["-preset", "ultrafast", "-tune", "zerolatency"] : []);
        arguments.AddRange(audioCodec == TestMedia.Aac ? ["-b:a", "64k"] : []);
        arguments.AddRange(["-f", "flv", rtmpUrl]);
        return new FfmpegPublisher(ChildProcess.Start("ffmpeg", arguments));
    }

    public Task<bool> WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout);

    /// <summary>Stops as a phone app does when the user taps stop: ffmpeg closes the RTMP stream cleanly on SIGINT.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Signal(Posix.SigInt);
            await _process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _process.DisposeAsync();
    }
}
