using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using StreamingPlatform.Contracts;
using StreamingPlatform.VodWorker.Options;

namespace StreamingPlatform.VodWorker.Vod;

/// <summary>
/// Brings a broadcast's VOD up to date with its recordings, and cleans up once the broadcast is over. Every job
/// (a recording closed, a broadcast ended, a sweeper find) runs the same idempotent reconcile, so a duplicate or
/// redelivered message changes nothing. The MP4 is written under <c>vod/.partial</c>, verified with ffprobe, then
/// renamed into <c>vod/&lt;channel&gt;/&lt;session&gt;.mp4</c>; recordings are deleted only after that, and only once
/// the broadcast can no longer continue.
/// </summary>
public sealed class VodBuilder(
    BroadcastStore broadcasts,
    VodCatalogueWriter catalogue,
    Ffmpeg ffmpeg,
    MediaCleaner cleaner,
    IOptions<MediaOptions> media,
    IOptions<VodOptions> options,
    TimeProvider time,
    ILogger<VodBuilder> logger)
{
    public async Task ReconcileAsync(string sessionId, string channel, string? announcedFile, CancellationToken cancellationToken)
    {
        using var activity = WorkerTelemetry.Source.StartActivity("vod reconcile");
        activity?.SetTag("streaming.session.id", sessionId);
        activity?.SetTag("streaming.channel", channel);
        if (!StreamName.IsValid(channel) || !SessionId.IsValid(sessionId) || (announcedFile is not null && !IsRecordingOf(announcedFile, channel)))
        {
            VodLog.InvalidJob(logger, channel, announcedFile);
            return;
        }

        var lease = TimeSpan.FromSeconds(options.Value.LockSeconds);
        await using var buildLock = await BuildLock.AcquireAsync(broadcasts, sessionId, lease, () => VodLog.WaitingForLock(logger, sessionId), cancellationToken);

        if (announcedFile is not null && RecordingFileName.TryParse(announcedFile, out _, out var recordedAt))
        {
            await broadcasts.AddRecordingAsync(sessionId, announcedFile, recordedAt);
        }

        var sources = await broadcasts.RecordingsAsync(sessionId);
        var built = await catalogue.GetBuildAsync(sessionId);
        if (built is { Status: VodStatus.Ready or VodStatus.Salvaged } current && current.Sources.SequenceEqual(sources))
        {
            WorkerTelemetry.CountJob("unchanged");
            VodLog.Unchanged(logger, sessionId, channel);
        }
        else if (sources.Count > 0 && !await BuildAsync(sessionId, channel, sources, activity, cancellationToken))
        {
            return;
        }

        if (await broadcasts.IsOverAsync(sessionId, channel))
        {
            await CleanUpAsync(sessionId, channel, sources);
        }
    }

    /// <summary>Builds and publishes the VOD; false when it failed (recorded in the catalogue, recordings kept).</summary>
    private async Task<bool> BuildAsync(string sessionId, string channel, IReadOnlyList<string> sources, Activity? activity, CancellationToken cancellationToken)
    {
        var (parts, problems) = await ReadablePartsAsync(channel, sources, cancellationToken);
        var startedAt = RecordingFileName.TryParse(sources[0], out _, out var firstStart) ? firstStart : time.GetUtcNow();
        if (parts.Count == 0)
        {
            return await FailAsync(sessionId, channel, startedAt, sources, string.Join("; ", problems));
        }

        Directory.CreateDirectory(media.Value.Partial);
        foreach (var stale in Directory.EnumerateFiles(media.Value.Partial, $"{sessionId}-*"))
        {
            File.Delete(stale); // left by a worker that died mid-build; this build holds the broadcast's lock
        }

        var attempt = Guid.NewGuid().ToString("N");
        var partialVideo = Path.Combine(media.Value.Partial, $"{sessionId}-{attempt}.mp4");
        var partialPoster = Path.Combine(media.Value.Partial, $"{sessionId}-{attempt}.jpg");
        var listFile = Path.Combine(media.Value.Partial, $"{sessionId}-{attempt}.txt");
        try
        {
            var remuxTime = Stopwatch.StartNew();
            await RemuxAsync(parts.Select(p => p.Path).ToList(), listFile, partialVideo, cancellationToken);
            remuxTime.Stop();
            WorkerTelemetry.RemuxDuration.Record(remuxTime.Elapsed.TotalSeconds);
            activity?.SetTag("streaming.vod.remux_seconds", remuxTime.Elapsed.TotalSeconds);

            var verified = await ffmpeg.ProbeAsync(partialVideo, cancellationToken);
            var expected = parts.All(p => p.Probe.DurationSeconds is not null) ? parts.Sum(p => p.Probe.DurationSeconds!.Value) : (double?)null;
            if (VerificationProblem(verified, expected) is { } problem)
            {
                return await FailAsync(sessionId, channel, startedAt, sources, problem);
            }

            var salvaged = expected is null || problems.Count > 0;
            if (expected is null)
            {
                problems.Add("a recording was cut short; the VOD holds what could be read");
            }

            var folder = Path.Combine(media.Value.Vod, channel);
            Directory.CreateDirectory(folder);
            var video = Path.Combine(folder, $"{sessionId}.mp4");
            File.Move(partialVideo, video, overwrite: true);
            var poster = await MakePosterAsync(sessionId, video, verified.DurationSeconds!.Value, partialPoster, Path.Combine(folder, $"{sessionId}.jpg"), cancellationToken);

            var status = salvaged ? VodStatus.Salvaged : VodStatus.Ready;
            await catalogue.SaveAsync(new VodRecord(sessionId, channel, startedAt, verified.DurationSeconds.Value, new FileInfo(video).Length, status, sources,
                problems.Count > 0 ? string.Join("; ", problems) : null,
                Path.GetRelativePath(media.Value.Vod, video), poster is null ? null : Path.GetRelativePath(media.Value.Vod, poster), time.GetUtcNow()));
            WorkerTelemetry.CountJob(status);
            VodLog.Built(logger, sessionId, channel, status, verified.DurationSeconds.Value, new FileInfo(video).Length, parts.Count, remuxTime.Elapsed.TotalSeconds);
            return true;
        }
        finally
        {
            foreach (var file in new[] { partialVideo, partialPoster, listFile })
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>Waits for each recording to be complete and probes it; unreadable ones go to failed/.</summary>
    private async Task<(List<(string Path, MediaProbe Probe)> Parts, List<string> Problems)> ReadablePartsAsync(
        string channel, IReadOnlyList<string> sources, CancellationToken cancellationToken)
    {
        var parts = new List<(string, MediaProbe)>();
        var problems = new List<string>();
        foreach (var fileName in sources)
        {
            var path = Path.Combine(media.Value.Recordings, fileName);
            if (!File.Exists(path))
            {
                problems.Add(cleaner.IsFailed(fileName) ? $"{fileName} cannot be read (kept in failed/)" : $"{fileName} is missing");
                continue;
            }

            await WaitUntilCompleteAsync(path, cancellationToken);
            var probe = await ffmpeg.ProbeAsync(path, cancellationToken);
            if (!probe.Readable || !probe.HasVideo)
            {
                var reason = probe.Readable ? "no video stream" : FirstLine(probe.Error);
                cleaner.MoveToFailed(fileName);
                VodLog.Unreadable(logger, fileName, channel, reason);
                problems.Add($"{fileName} cannot be read ({reason}; kept in failed/)");
                continue;
            }

            parts.Add((path, probe));
        }

        return (parts, problems);
    }

    private async Task RemuxAsync(IReadOnlyList<string> inputs, string listFile, string output, CancellationToken cancellationToken)
    {
        List<string> arguments;
        if (inputs.Count == 1)
        {
            arguments = ["-i", inputs[0]];
        }
        else
        {
            // The concat demuxer joins the parts without re-encoding; their timestamps are laid end to end.
            await File.WriteAllLinesAsync(listFile, inputs.Select(p => $"file '{p}'"), cancellationToken);
            arguments = ["-f", "concat", "-safe", "0", "-i", listFile];
        }

        arguments.AddRange(["-c", "copy", "-movflags", "+faststart", "-f", "mp4", output]);
        var result = await ffmpeg.RunFfmpegAsync(arguments, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new TransientVodException($"ffmpeg exited with {result.ExitCode}: {FirstLine(result.Error)}");
        }
    }

    private static string? VerificationProblem(MediaProbe vod, double? expectedSeconds)
    {
        if (!vod.Readable || !vod.HasVideo || vod.DurationSeconds is not > 0)
        {
            return $"the remuxed MP4 did not verify (readable {vod.Readable}, video {vod.HasVideo}, duration {vod.DurationSeconds})";
        }

        var tolerance = 0.5 + (expectedSeconds ?? 0) * 0.01;
        return expectedSeconds is { } expected && Math.Abs(vod.DurationSeconds.Value - expected) > tolerance
            ? string.Create(CultureInfo.InvariantCulture, $"the MP4 lasts {vod.DurationSeconds:F2} s but its recordings {expected:F2} s")
            : null;
    }

    private async Task<string?> MakePosterAsync(string sessionId, string video, double durationSeconds, string partial, string poster, CancellationToken cancellationToken)
    {
        var at = durationSeconds > options.Value.PosterAtSeconds + 0.5 ? options.Value.PosterAtSeconds : 0;
        var result = await ffmpeg.RunFfmpegAsync(
            ["-ss", at.ToString(CultureInfo.InvariantCulture), "-i", video, "-frames:v", "1", "-q:v", "3", "-f", "image2", partial], cancellationToken);
        if (result.ExitCode != 0 || !File.Exists(partial))
        {
            VodLog.PosterFailed(logger, sessionId, FirstLine(result.Error));
            return null;
        }

        File.Move(partial, poster, overwrite: true);
        return poster;
    }

    private async Task WaitUntilCompleteAsync(string path, CancellationToken cancellationToken)
    {
        var stable = TimeSpan.FromMilliseconds(options.Value.FileStableMilliseconds);
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(options.Value.FileWaitSeconds);
        var size = new FileInfo(path).Length;
        while (true)
        {
            await Task.Delay(stable, time, cancellationToken);
            var now = new FileInfo(path).Length;
            if (now == size)
            {
                return;
            }

            if (time.GetUtcNow() > deadline)
            {
                VodLog.StillGrowing(logger, Path.GetFileName(path), options.Value.FileWaitSeconds);
                return;
            }

            size = now;
        }
    }

    private async Task CleanUpAsync(string sessionId, string channel, IReadOnlyList<string> sources)
    {
        using var activity = WorkerTelemetry.Source.StartActivity("vod cleanup");
        var recordings = cleaner.DeleteRecordings(sources);
        var hls = await broadcasts.IsLiveAsync(channel) ? 0 : cleaner.DeleteHls(channel);
        await broadcasts.ForgetAsync(sources);
        VodLog.CleanedUp(logger, sessionId, channel, recordings, hls);
    }

    private async Task<bool> FailAsync(string sessionId, string channel, DateTimeOffset startedAt, IReadOnlyList<string> sources, string reason)
    {
        await catalogue.SaveAsync(new VodRecord(sessionId, channel, startedAt, 0, 0, VodStatus.Failed, sources, reason, null, null, time.GetUtcNow()));
        WorkerTelemetry.CountJob(VodStatus.Failed);
        VodLog.Failed(logger, sessionId, channel, reason);
        return false;
    }

    private static bool IsRecordingOf(string fileName, string channel) =>
        RecordingFileName.TryParse(fileName, out var fileChannel, out _) && fileChannel == channel;

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no error output";
}
