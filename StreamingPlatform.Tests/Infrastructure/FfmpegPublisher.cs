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

    /// <summary>A phone on another machine of the network: ffmpeg run on <see cref="TestNetwork.Phone"/>.</summary>
    public static FfmpegPublisher StartIn(TestNetwork network, string rtmpUrl, TimeSpan? duration = null) =>
        Start(rtmpUrl, duration, TestMedia.H264, TestMedia.Aac, launcher: network.Launcher(TestNetwork.Phone, "ffmpeg"));

    /// <summary>A publisher with other encoders, e.g. <c>flv</c> (Sorenson) video and <c>pcm_s16le</c> audio, which FLV carries.</summary>
    public static FfmpegPublisher Start(string rtmpUrl, TimeSpan? duration, string videoCodec, string audioCodec, string size = "320x240", string[]? launcher = null)
    {
        List<string> arguments =
        [
            "-hide_banner", "-loglevel", "error", "-nostdin", "-re",
            "-f", "lavfi", "-i", $"testsrc2=size={size}:rate=25",
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
        launcher ??= ["ffmpeg"];
        return new FfmpegPublisher(ChildProcess.Start(launcher[0], [.. launcher[1..], .. arguments]));
    }

    /// <summary>
    /// A phone that rotates (<see cref="TestMedia.MakeRotatedFlvAsync"/>: 640x360, then a new AVC sequence header at
    /// 360x640), sent at its own pace with its packets as they are (<c>-re -c copy</c>); the file is made in <paramref name="folder"/>.
    /// </summary>
    public static async Task<FfmpegPublisher> StartRotatedAsync(string rtmpUrl, TempFolder folder, int secondsEach)
    {
        var rotated = folder.Combine("rotated.flv");
        await TestMedia.MakeRotatedFlvAsync(rotated, secondsEach);
        return new FfmpegPublisher(ChildProcess.Start("ffmpeg",
            ["-hide_banner", "-loglevel", "error", "-nostdin", "-re", "-i", rotated, "-c", "copy", "-f", "flv", rtmpUrl]));
    }

    /// <summary>
    /// A phone whose picture carries the wall clock of each frame's capture in machine-readable blocks
    /// (BurntInClock/burnt-in-clock.vf, read in a page by BurntInClock/read-burnt-in-clock.js): the ground truth of the
    /// publish-to-screen delay. 768x432, 30 fps, a 1 s GOP.
    /// </summary>
    public static FfmpegPublisher StartWithBurntInClock(string rtmpUrl) => new(ChildProcess.Start("ffmpeg",
    [
        "-hide_banner", "-loglevel", "error", "-nostdin", "-re",
        "-f", "lavfi", "-i", "testsrc2=size=768x432:rate=30",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
        "-filter_script:v", BurntInClockFilter,
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
        "-g", "30", "-keyint_min", "30", "-sc_threshold", "0",
        "-c:a", "aac", "-b:a", "64k", "-ar", "44100",
        "-f", "flv", rtmpUrl,
    ]));

    public static string BurntInClockFilter => Path.Combine(RepositoryPaths.Root, "StreamingPlatform.Tests", "Infrastructure", "BurntInClock", "burnt-in-clock.vf");

    public static string BurntInClockReader => Path.Combine(RepositoryPaths.Root, "StreamingPlatform.Tests", "Infrastructure", "BurntInClock", "read-burnt-in-clock.js");

    public Task<bool> WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout);

    /// <summary>Freezes the publisher for <paramref name="pause"/> (SIGSTOP, then SIGCONT), as a phone losing its network for a moment.</summary>
    public async Task FreezeAsync(TimeSpan pause)
    {
        _process.Signal(Posix.SigStop);
        await Task.Delay(pause);
        _process.Signal(Posix.SigCont);
    }

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
