namespace StreamingPlatform.VodWorker.Vod;

/// <summary>
/// Whether an FFmpeg run that failed may succeed when tried again. Only the machine's state passes (FFmpeg killed by a
/// signal, a full disk, memory or file handles running out); what FFmpeg says of the media itself (an unknown codec, a
/// broken file) will be said again on every try, so that job ends as failed at once instead of being retried.
/// </summary>
public static class FfmpegFailure
{
    // 128 + signal number: killed (SIGKILL 137, the OOM killer), terminated (143), aborted (134).
    private const int KilledBySignal = 128;

    private static readonly string[] PassingConditions =
    [
        NoSpace,
        "Cannot allocate memory",
        "Resource temporarily unavailable",
        "Too many open files",
        "Stale file handle",
    ];

    private const string NoSpace = "No space left on device";

    /// <summary>FFmpeg could not write for lack of space: the build waits for space (<see cref="BuildRoom"/>) rather than fail or retry.</summary>
    public static bool IsDiskFull(string error) => error.Contains(NoSpace, StringComparison.OrdinalIgnoreCase);

    public static bool IsTransient(int exitCode, string error) =>
        exitCode > KilledBySignal || exitCode < 0 || PassingConditions.Any(condition => error.Contains(condition, StringComparison.OrdinalIgnoreCase));
}
