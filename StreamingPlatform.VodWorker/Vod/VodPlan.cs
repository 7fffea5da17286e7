using System.Globalization;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.BroadcastState.Vods;
using StreamingPlatform.Contracts;
using StreamingPlatform.VodWorker.Media;

namespace StreamingPlatform.VodWorker.Vod;

/// <summary>
/// The rules of a broadcast's VOD, without FFmpeg, files or Redis: whether to build, whether the broadcast is over,
/// which recordings can be used, whether the MP4 verifies and whether it is ready or salvaged. <see cref="VodBuilder"/>
/// gathers the facts (catalogue, probes, measurements) and carries out what these decide.
/// </summary>
public static class VodPlan
{
    private const double DecodeSampleSeconds = 1.5;
    private const double UncheckedTailSeconds = 0.5;

    /// <summary>
    /// Before any recording is read: unchanged when the catalogued VOD was built from exactly these recordings
    /// (a failed one only while all of them are still kept in failed/), nothing to do without recordings, else build.
    /// </summary>
    public static VodDecision Decide(IReadOnlyList<string> recordings, CataloguedBuild? built, Func<string, bool> isKeptInFailed)
    {
        if (built is { Deleted: true })
        {
            return VodDecision.Deleted;
        }

        if (built is { Status: VodStatus.Ready or VodStatus.Salvaged } current && current.Sources.SequenceEqual(recordings)
            || built is { Status: VodStatus.Failed } failed && failed.Sources.SequenceEqual(recordings) && recordings.All(isKeptInFailed))
        {
            return VodDecision.Unchanged;
        }

        return recordings.Count > 0 ? VodDecision.Build : VodDecision.NothingToBuild;
    }

    /// <summary>
    /// Whether the broadcast can no longer continue, so its recordings and HLS files may go once its VOD holds them:
    /// its BroadcastEnded arrived, or it is an orphan (one recording no session claimed, named after that recording),
    /// which nothing can continue.
    /// </summary>
    public static BroadcastEnd End(string sessionId, IReadOnlyList<string> recordings, bool endedMessageSeen)
    {
        if (endedMessageSeen)
        {
            return BroadcastEnd.Ended;
        }

        return recordings.Count == 1 && RecordingFileName.OrphanSessionId(recordings[0]) == sessionId ? BroadcastEnd.Orphan : BroadcastEnd.Open;
    }

    /// <summary>When the VOD's broadcast started: the first recording's time from its name, else <paramref name="now"/>.</summary>
    public static DateTimeOffset StartedAt(IReadOnlyList<string> recordings, DateTimeOffset now) =>
        recordings.Count > 0 && RecordingFileName.TryParse(recordings[0], out _, out var startedAt) ? startedAt : now;

    /// <summary>Why a probed recording cannot go into the VOD (not readable, or no video), or null when it can.</summary>
    public static string? Unusable(MediaProbe probe) => probe switch
    {
        { Readable: false } => FirstLine(probe.Error),
        { HasVideo: false } => "no video stream",
        _ => null,
    };

    /// <summary>The catalogue's words for a recording that is not in the recordings folder.</summary>
    public static string MissingProblem(string fileName, bool keptInFailed) =>
        keptInFailed ? $"{fileName} cannot be read (kept in failed/)" : $"{fileName} is missing";

    /// <summary>The catalogue's words for a recording that was moved to failed/ because of <paramref name="reason"/>.</summary>
    public static string UnusableProblem(string fileName, string reason) => $"{fileName} cannot be read ({reason}; kept in failed/)";

    /// <summary>
    /// Once every recording was probed: nothing recorded when all of them were empty (no VOD is listed), failed when
    /// none of the rest can be read, else remux the readable ones.
    /// </summary>
    public static BuildStep AfterProbe(int recordingsLeft, int readableParts) =>
        recordingsLeft == 0 ? BuildStep.NothingRecorded
        : readableParts == 0 ? BuildStep.Fail
        : BuildStep.Remux;

    /// <summary>The reason of a VOD that failed because of <paramref name="problems"/>.</summary>
    public static string Reason(IEnumerable<string> problems) => string.Join("; ", problems);

    /// <summary>Why FFmpeg could not convert the recordings, for the catalogue.</summary>
    public static string RemuxProblem(string failure) => $"the recordings could not be converted to MP4 ({failure})";

    public static string FfmpegFailed(int exitCode, string error) => $"ffmpeg exited with {exitCode}: {FirstLine(error)}";

    /// <summary>
    /// FFmpeg's arguments for one MP4 of <paramref name="inputs"/>: a single recording read directly, several through
    /// the concat demuxer's <paramref name="listFile"/> (see <see cref="ConcatList"/>), which lays their timestamps end to end.
    /// </summary>
    public static IReadOnlyList<string> RemuxArguments(IReadOnlyList<string> inputs, CodecPlan codecs, string listFile, string output) =>
    [
        .. inputs.Count == 1 ? ["-i", inputs[0]] : new[] { "-f", "concat", "-safe", "0", "-i", listFile },
        .. codecs.Arguments,
        "-movflags", "+faststart", "-f", "mp4", output,
    ];

    public static IEnumerable<string> ConcatList(IEnumerable<string> inputs) => inputs.Select(path => $"file '{path}'");

    /// <summary>
    /// Whether the disk has room for an MP4 of about <paramref name="neededBytes"/> (the recordings' size: a remux copies
    /// them) and stays above its critical mark after it, so that a build never makes nginx drop a live publisher.
    /// </summary>
    public static bool HasRoom(long neededBytes, DiskReading disk) => disk.FreeBytes - neededBytes >= disk.CriticalBytes;

    /// <summary>Why a build waits for space: for the log, the span and /health.</summary>
    public static string NoRoom(long neededBytes, DiskReading disk) => string.Create(CultureInfo.InvariantCulture,
        $"the MP4 needs about {neededBytes / 1048576.0:F1} MB and {disk.CriticalBytes / 1048576.0:F1} MB must stay free on {disk.Folder}, which has {disk.FreeBytes / 1048576.0:F1} MB free; waiting for space");

    /// <summary>
    /// Whether the video or the audio parameters change within the broadcast: more than one distinct sequence header
    /// of a stream across all its parts, in order (a repeated one changes nothing).
    /// </summary>
    public static ParameterChanges Changes(IReadOnlyList<FlvParameters> parts)
    {
        static bool Changes(IEnumerable<FlvConfig> configs) =>
            configs.Select(c => Convert.ToHexString(c.Bytes)).Distinct().Skip(1).Any();

        return new ParameterChanges(Changes(parts.SelectMany(p => p.Video)), Changes(parts.SelectMany(p => p.Audio)));
    }

    /// <summary>
    /// The canvas for parts of <paramref name="sizes"/>: the widest width by the tallest height (even, as H.264 in
    /// 4:2:0 needs), so every part fits whole without being scaled down: 640x360 and 360x640 give 640x640.
    /// Null when no size is known (each frame is then scaled to the first one's size).
    /// </summary>
    public static VideoCanvas? Canvas(IEnumerable<(int Width, int Height)> sizes)
    {
        var known = sizes.Where(s => s.Width > 0 && s.Height > 0).ToList();
        return known.Count == 0 ? null : new VideoCanvas(Even(known.Max(s => s.Width)), Even(known.Max(s => s.Height)));

        static int Even(int value) => value + (value & 1);
    }

    /// <summary>
    /// Where in the VOD its parameters change: where a part starts with other parameters than the one before ended
    /// with, and where they change within a part. <paramref name="extents"/> lay the parts end to end as the remux does.
    /// </summary>
    public static IReadOnlyList<double> ChangePoints(IReadOnlyList<FlvParameters> parts, IReadOnlyList<MediaExtent> extents)
    {
        var points = new List<double>();
        var offset = 0.0;
        (string? Video, string? Audio) last = (null, null);
        foreach (var (part, extent) in parts.Zip(extents))
        {
            foreach (var (configs, isVideo) in new[] { (part.Video, true), (part.Audio, false) })
            {
                foreach (var config in configs)
                {
                    var hex = Convert.ToHexString(config.Bytes);
                    var previous = isVideo ? last.Video : last.Audio;
                    if (previous is not null && previous != hex)
                    {
                        points.Add(offset + config.AtSeconds);
                    }

                    last = isVideo ? (hex, last.Audio) : (last.Video, hex);
                }
            }

            offset += extent.Seconds;
        }

        return points;
    }

    /// <summary>
    /// What the verification decodes of a VOD (ffprobe's <c>-read_intervals</c>, keyframes only): a second from the
    /// start, from each parameter change (a copy that kept the wrong parameters fails to decode there) and from
    /// <paramref name="samples"/> evenly spaced points (catches what the scan missed), instead of every frame: a full
    /// keyframe decode of a 1 GB recording took longer than its remux (bench/vod-remux). The last half second is left
    /// out: a recording cut short (nginx killed, a full disk) ends in a partial packet, which a salvaged VOD keeps.
    /// </summary>
    public static string DecodeIntervals(double durationSeconds, IEnumerable<double> changePoints, int samples = 8)
    {
        var end = Math.Max(0, durationSeconds - UncheckedTailSeconds);
        var starts = changePoints.Select(p => p - 0.5)
            .Concat(Enumerable.Range(0, samples).Select(i => durationSeconds * i / samples))
            .Select(p => Math.Round(Math.Clamp(p, 0, Math.Max(0, end - 1)), 1))
            .Distinct()
            .Order();
        return string.Join(',', starts.Select(start => string.Create(CultureInfo.InvariantCulture,
            $"{start:0.0}%+{Math.Max(0, Math.Min(DecodeSampleSeconds, Math.Round(end - start, 1))):0.0}")));
    }

    /// <summary>
    /// Whether the finished MP4 is what its recordings hold: readable, with video and a duration, lasting as long as
    /// their packets (within <see cref="Tolerance"/>), and decoding without an error where it was sampled
    /// (<see cref="DecodeIntervals"/>; ffprobe's error output). Null when it verifies, else why not.
    /// </summary>
    public static string? VerificationProblem(MediaProbe vod, double expectedSeconds)
    {
        if (!vod.Readable || !vod.HasVideo || vod.DurationSeconds is not > 0)
        {
            return $"the remuxed MP4 did not verify (readable {vod.Readable}, video {vod.HasVideo}, duration {vod.DurationSeconds})";
        }

        if (vod.Error.Length > 0)
        {
            return $"the MP4 does not decode cleanly ({FirstLine(vod.Error)})";
        }

        return Math.Abs(vod.DurationSeconds.Value - expectedSeconds) > Tolerance(expectedSeconds)
            ? string.Create(CultureInfo.InvariantCulture, $"the MP4 lasts {vod.DurationSeconds:F2} s but its recordings {expectedSeconds:F2} s")
            : null;
    }

    /// <summary>How far two durations of <paramref name="seconds"/> may differ: half a second plus 1 %.</summary>
    public static double Tolerance(double seconds) => 0.5 + seconds * 0.01;

    /// <summary>A part is cut short when its header claims no duration, or more than its packets span.</summary>
    public static bool IsCutShort(MediaProbe probe, MediaExtent measured) =>
        probe.DurationSeconds is not { } claimed || claimed - measured.Seconds > Tolerance(claimed);

    /// <summary>
    /// A verified VOD is ready, or salvaged when a part was cut short or a recording could not be used; the reason
    /// lists the <paramref name="problems"/> met while reading, then the cut.
    /// </summary>
    public static VodVerdict Verdict(IReadOnlyList<MediaProbe> parts, IReadOnlyList<MediaExtent> measured, IReadOnlyList<string> problems)
    {
        var cutShort = parts.Zip(measured).Any(part => IsCutShort(part.First, part.Second));
        List<string> reasons = [.. problems, .. cutShort ? ["a recording was cut short; the VOD holds what could be read"] : Array.Empty<string>()];
        return reasons.Count == 0 ? new VodVerdict(VodStatus.Ready, null) : new VodVerdict(VodStatus.Salvaged, Reason(reasons));
    }

    public static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no error output";
}
