using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.BroadcastState.Vods;
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
        if (built is { Status: VodStatus.Ready or VodStatus.Salvaged } current && current.Sources.SequenceEqual(sources)
            || built is { Status: VodStatus.Failed } failed && failed.Sources.SequenceEqual(sources) && sources.All(cleaner.IsFailed))
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

    /// <summary>Builds and publishes the VOD; false when it failed (recorded in the catalogue, recordings kept in failed/).</summary>
    private async Task<bool> BuildAsync(string sessionId, string channel, IReadOnlyList<string> sources, Activity? activity, CancellationToken cancellationToken)
    {
        var startedAt = RecordingFileName.TryParse(sources[0], out _, out var firstStart) ? firstStart : time.GetUtcNow();
        var (parts, problems, empty) = await ReadablePartsAsync(sessionId, channel, sources, cancellationToken);
        sources = sources.Except(empty).ToList();
        if (sources.Count == 0)
        {
            // Every recording was empty (a publisher that never sent a frame): no broadcast to list.
            WorkerTelemetry.CountJob("empty");
            VodLog.NothingRecorded(logger, sessionId, channel);
            return true;
        }

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
            // What the recordings really hold, read packet by packet while FFmpeg remuxes them (both read the same
            // files, so the page cache serves the second): a cut-short FLV's header may still claim its full length.
            var measured = Task.WhenAll(parts.Select(p => ffmpeg.MeasureAsync(p.Path, cancellationToken)));
            var remuxTime = Stopwatch.StartNew();
            var codecs = VodCodecs.Plan(parts.Select(p => p.Probe));
            var remuxProblem = await RemuxAsync(parts.Select(p => p.Path).ToList(), codecs, listFile, partialVideo, cancellationToken);
            var extents = await measured;
            if (remuxProblem is not null)
            {
                return await FailAsync(sessionId, channel, startedAt, sources, remuxProblem);
            }

            remuxTime.Stop();
            activity?.SetTag("streaming.vod.remux_seconds", remuxTime.Elapsed.TotalSeconds);
            activity?.SetTag("streaming.vod.reencoded", codecs.TagValue);

            // Verification and the poster both read the finished MP4: side by side, and both before it is renamed.
            var verification = VerifyAsync(partialVideo, cancellationToken);
            var posterMade = MakePosterAsync(sessionId, partialVideo, partialPoster, cancellationToken);
            await Task.WhenAll(verification, posterMade);
            var verified = await verification;
            var expected = extents.Sum(e => e.Seconds);
            if (VerificationProblem(verified, expected) is { } problem)
            {
                return await FailAsync(sessionId, channel, startedAt, sources, problem);
            }

            var cutShort = parts.Zip(extents).Any(p => p.First.Probe.DurationSeconds is not { } claimed || claimed - p.Second.Seconds > Tolerance(claimed));
            var salvaged = cutShort || problems.Count > 0;
            if (cutShort)
            {
                problems.Add("a recording was cut short; the VOD holds what could be read");
            }

            var folder = Path.Combine(media.Value.Vod, channel);
            Directory.CreateDirectory(folder);
            var video = Path.Combine(folder, $"{sessionId}.mp4");
            File.Move(partialVideo, video, overwrite: true);
            string? poster = null;
            if (await posterMade)
            {
                poster = Path.Combine(folder, $"{sessionId}.jpg");
                File.Move(partialPoster, poster, overwrite: true);
            }

            var status = salvaged ? VodStatus.Salvaged : VodStatus.Ready;
            var size = new FileInfo(video).Length;
            await catalogue.SaveAsync(new VodRecord(sessionId, channel, startedAt, verified.DurationSeconds!.Value, size, status, sources,
                problems.Count > 0 ? string.Join("; ", problems) : null,
                Path.GetRelativePath(media.Value.Vod, video), poster is null ? null : Path.GetRelativePath(media.Value.Vod, poster), time.GetUtcNow()));
            WorkerTelemetry.CountJob(status, codecs.TagValue);
            VodLog.Built(logger, sessionId, channel, status, verified.DurationSeconds.Value, size, parts.Count, remuxTime.Elapsed.TotalSeconds,
                codecs.Description ?? "copied without re-encoding");
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

    /// <summary>
    /// Waits for each recording to be complete and probes it; unreadable ones go to failed/, empty ones (not one
    /// frame: a publisher that never sent any) are deleted and leave the broadcast.
    /// </summary>
    private async Task<(List<(string Path, MediaProbe Probe)> Parts, List<string> Problems, List<string> Empty)> ReadablePartsAsync(
        string sessionId, string channel, IReadOnlyList<string> sources, CancellationToken cancellationToken)
    {
        var parts = new List<(string, MediaProbe)>();
        var problems = new List<string>();
        var empty = new List<string>();
        foreach (var fileName in sources)
        {
            var path = Path.Combine(media.Value.Recordings, fileName);
            if (!File.Exists(path))
            {
                problems.Add(cleaner.IsFailed(fileName) ? $"{fileName} cannot be read (kept in failed/)" : $"{fileName} is missing");
                continue;
            }

            var probe = await ProbeWhenCompleteAsync(path, cancellationToken);
            if (new FileInfo(path).Length == 0 || (probe.Readable && !await ffmpeg.HasPacketsAsync(path, cancellationToken)))
            {
                cleaner.DeleteRecordings([fileName]);
                await broadcasts.RemoveRecordingAsync(sessionId, fileName);
                VodLog.EmptyRecording(logger, fileName, channel);
                empty.Add(fileName);
                continue;
            }

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

        return (parts, problems, empty);
    }

    private async Task<MediaProbe> VerifyAsync(string video, CancellationToken cancellationToken)
    {
        using var activity = WorkerTelemetry.Source.StartActivity("vod verify");
        var probe = await ffmpeg.ProbeAsync(video, cancellationToken);
        activity?.SetTag("streaming.vod.readable", probe.Readable);
        activity?.SetTag("streaming.vod.duration", probe.DurationSeconds);
        return probe;
    }

    /// <summary>
    /// Copies the streams MP4 takes as they are and re-encodes the others (<paramref name="codecs"/>). Returns why it
    /// failed when FFmpeg cannot do it (trying again would not help); throws <see cref="TransientVodException"/> when
    /// it may pass (FFmpeg killed, disk full), so the message is retried.
    /// </summary>
    private async Task<string?> RemuxAsync(IReadOnlyList<string> inputs, CodecPlan codecs, string listFile, string output, CancellationToken cancellationToken)
    {
        using var activity = WorkerTelemetry.Source.StartActivity("vod remux");
        var inputBytes = inputs.Sum(input => new FileInfo(input).Length);
        activity?.SetTag("streaming.vod.input.size", inputBytes);
        activity?.SetTag("streaming.vod.input.count", inputs.Count);
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

        arguments.AddRange([.. codecs.Arguments, "-movflags", "+faststart", "-f", "mp4", output]);
        activity?.SetTag("streaming.vod.reencoded", codecs.TagValue);
        activity?.SetTag("process.executable.name", "ffmpeg");
        activity?.SetTag("process.command_args", arguments.ToArray());
        var elapsed = Stopwatch.StartNew();
        var result = await ffmpeg.RunFfmpegAsync(arguments, cancellationToken);
        elapsed.Stop();
        activity?.SetTag("process.exit.code", result.ExitCode);
        if (result.ExitCode != 0)
        {
            var failure = $"ffmpeg exited with {result.ExitCode}: {FirstLine(result.Error)}";
            activity?.SetStatus(ActivityStatusCode.Error, failure);
            if (FfmpegFailure.IsTransient(result.ExitCode, result.Error))
            {
                throw new TransientVodException(failure);
            }

            return $"the recordings could not be converted to MP4 ({failure})";
        }

        var outputBytes = new FileInfo(output).Length;
        activity?.SetTag("streaming.vod.output.size", outputBytes);
        if (codecs.CopiesAll)
        {
            // A re-encode runs at the codec's pace, not the disk's: it would only blur the remux numbers.
            WorkerTelemetry.RecordRemux(elapsed.Elapsed, inputBytes);
        }

        return null;
    }

    private static string? VerificationProblem(MediaProbe vod, double expectedSeconds)
    {
        if (!vod.Readable || !vod.HasVideo || vod.DurationSeconds is not > 0)
        {
            return $"the remuxed MP4 did not verify (readable {vod.Readable}, video {vod.HasVideo}, duration {vod.DurationSeconds})";
        }

        return Math.Abs(vod.DurationSeconds.Value - expectedSeconds) > Tolerance(expectedSeconds)
            ? string.Create(CultureInfo.InvariantCulture, $"the MP4 lasts {vod.DurationSeconds:F2} s but its recordings {expectedSeconds:F2} s")
            : null;
    }

    private static double Tolerance(double seconds) => 0.5 + seconds * 0.01;

    /// <summary>The frame at PosterAtSeconds (the first one for VODs shorter than that) as a JPEG.</summary>
    private async Task<bool> MakePosterAsync(string sessionId, string video, string poster, CancellationToken cancellationToken)
    {
        using var activity = WorkerTelemetry.Source.StartActivity("vod poster");
        var error = "";
        foreach (var at in new[] { options.Value.PosterAtSeconds, 0 }.Distinct())
        {
            var result = await ffmpeg.RunFfmpegAsync(
                ["-ss", at.ToString(CultureInfo.InvariantCulture), "-i", video, "-frames:v", "1", "-q:v", "3", "-f", "image2", poster], cancellationToken);
            if (result.ExitCode == 0 && File.Exists(poster) && new FileInfo(poster).Length > 0)
            {
                return true;
            }

            error = FirstLine(result.Error);
        }

        activity?.SetStatus(ActivityStatusCode.Error, error);
        VodLog.PosterFailed(logger, sessionId, error);
        return false;
    }

    /// <summary>
    /// Probes the recording once its size stops changing: the size is read before and after a probe that lasts at
    /// least the stable interval, so the wait for "complete" and the probe overlap instead of adding up.
    /// </summary>
    private async Task<MediaProbe> ProbeWhenCompleteAsync(string path, CancellationToken cancellationToken)
    {
        using var activity = WorkerTelemetry.Source.StartActivity("vod wait-for-file");
        activity?.SetTag("streaming.recording.file", Path.GetFileName(path));
        var probe = await WaitUntilCompleteAsync(path, cancellationToken);
        activity?.SetTag("streaming.recording.size", new FileInfo(path).Length);
        activity?.SetTag("streaming.recording.readable", probe.Readable);
        return probe;
    }

    private async Task<MediaProbe> WaitUntilCompleteAsync(string path, CancellationToken cancellationToken)
    {
        var stable = TimeSpan.FromMilliseconds(options.Value.FileStableMilliseconds);
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(options.Value.FileWaitSeconds);
        while (true)
        {
            var size = new FileInfo(path).Length;
            var probe = ffmpeg.ProbeAsync(path, cancellationToken);
            await Task.WhenAll(probe, Task.Delay(stable, time, cancellationToken));
            if (new FileInfo(path).Length == size)
            {
                return await probe;
            }

            if (time.GetUtcNow() > deadline)
            {
                VodLog.StillGrowing(logger, Path.GetFileName(path), options.Value.FileWaitSeconds);
                return await probe;
            }
        }
    }

    private async Task CleanUpAsync(string sessionId, string channel, IReadOnlyList<string> sources)
    {
        using var activity = WorkerTelemetry.Source.StartActivity("vod cleanup");
        var recordings = cleaner.DeleteRecordings(sources);
        var hls = await broadcasts.IsLiveAsync(channel) ? 0 : cleaner.DeleteHls(channel);
        await broadcasts.ForgetAsync(sources);
        activity?.SetTag("streaming.cleanup.recordings", recordings);
        activity?.SetTag("streaming.cleanup.hls_files", hls);
        VodLog.CleanedUp(logger, sessionId, channel, recordings, hls);
    }

    /// <summary>Records the failure and keeps every recording of the broadcast in failed/, never deleted.</summary>
    private async Task<bool> FailAsync(string sessionId, string channel, DateTimeOffset startedAt, IReadOnlyList<string> sources, string reason)
    {
        foreach (var fileName in sources)
        {
            cleaner.MoveToFailed(fileName);
        }

        await catalogue.SaveAsync(new VodRecord(sessionId, channel, startedAt, 0, 0, VodStatus.Failed, sources, reason, null, null, time.GetUtcNow()));
        WorkerTelemetry.CountJob(VodStatus.Failed);
        Activity.Current?.SetStatus(ActivityStatusCode.Error, reason);
        VodLog.Failed(logger, sessionId, channel, reason);
        return false;
    }

    private static bool IsRecordingOf(string fileName, string channel) =>
        RecordingFileName.TryParse(fileName, out var fileChannel, out _) && fileChannel == channel;

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no error output";
}
