using System.Diagnostics;
using System.Globalization;
using MassTransit;
using Microsoft.Extensions.Options;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.BroadcastState.Vods;
using StreamingPlatform.Contracts;
using StreamingPlatform.VodWorker.Media;
using StreamingPlatform.VodWorker.Options;
using StreamingPlatform.VodWorker.Telemetry;

namespace StreamingPlatform.VodWorker.Vod;

/// <summary>
/// Brings a broadcast's VOD up to date with its recordings, and cleans up once the broadcast is over. Every job (a
/// recording closed or found by the Api's reconciler, a broadcast ended) runs the same idempotent reconcile, so a
/// duplicate or redelivered message changes nothing. The MP4 is written under <c>vod/.partial</c>, verified with ffprobe, then
/// renamed into <c>vod/&lt;channel&gt;/&lt;session&gt;.mp4</c>; recordings are deleted only after that, and only once
/// the broadcast can no longer continue. What to do is decided by <see cref="VodPlan"/>; this class gathers the facts
/// (Redis, catalogue, ffprobe) and does it (FFmpeg, files, catalogue, telemetry).
/// </summary>
public sealed class VodBuilder(
    BroadcastStore broadcasts,
    VodCatalogueWriter catalogue,
    Ffmpeg ffmpeg,
    MediaCleaner cleaner,
    BuildRoom room,
    IBus bus,
    IOptions<MediaOptions> media,
    IOptions<VodOptions> options,
    TimeProvider time,
    ILogger<VodBuilder> logger)
{
    /// <param name="ended">
    /// True for the broadcast's BroadcastEnded (its mark is already set); otherwise the broadcast is over only when
    /// that mark exists or the plan finds it an orphan.
    /// </param>
    public async Task ReconcileAsync(string sessionId, string channel, string? announcedFile, bool ended, CancellationToken cancellationToken)
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

        var sources = await broadcasts.RecordingsAsync(sessionId);
        var built = await catalogue.GetBuildAsync(sessionId);
        var decision = VodPlan.Decide(sources, built, cleaner.IsFailed);
        var end = VodPlan.End(sessionId, sources, ended || await broadcasts.HasEndedAsync(sessionId));
        activity?.SetTag("streaming.vod.decision", decision.TagValue());
        activity?.SetTag("streaming.broadcast.over", end.IsOver());
        activity?.SetTag("streaming.broadcast.end", end.TagValue());
        VodLog.Planned(logger, sessionId, channel, sources.Count, decision.TagValue(), end.TagValue());

        if (decision == VodDecision.Deleted)
        {
            CountJob(activity, "deleted");
            VodLog.DeletedNotRebuilt(logger, sessionId, channel);
        }
        else if (decision == VodDecision.Unchanged)
        {
            CountJob(activity, "unchanged");
            VodLog.Unchanged(logger, sessionId, channel);
        }
        else if (decision == VodDecision.Build && !await BuildAsync(sessionId, channel, sources, activity, cancellationToken))
        {
            if (end.IsOver())
            {
                await AnnounceFinalAsync(sessionId, channel, cancellationToken); // failed: its recordings stay in failed/
            }

            return;
        }

        if (end.IsOver())
        {
            // Announced first: the clean-up stays the reconcile's last step, so its span ends with the reconcile's.
            await AnnounceFinalAsync(sessionId, channel, cancellationToken);
            await CleanUpAsync(sessionId, channel, sources);
        }
    }

    /// <summary>
    /// Tells the Api (its webhooks) that the ended broadcast's VOD is final, as the catalogue has it (nothing when there is
    /// none: nothing recorded, or deleted). Every reconcile of an ended broadcast says it again (the Api queues the same
    /// entry once), so a worker that died before saying it is made good by the redelivered job.
    /// </summary>
    private async Task AnnounceFinalAsync(string sessionId, string channel, CancellationToken cancellationToken)
    {
        if (await catalogue.GetAsync(sessionId) is { } vod)
        {
            await bus.Publish(new VodFinalised(sessionId, channel, vod.Status, vod.UpdatedAt), cancellationToken);
            VodLog.Finalised(logger, sessionId, channel, vod.Status);
        }
    }

    /// <summary>Builds and publishes the VOD; false when it failed (recorded in the catalogue, recordings kept in failed/).</summary>
    private async Task<bool> BuildAsync(string sessionId, string channel, IReadOnlyList<string> sources, Activity? activity, CancellationToken cancellationToken)
    {
        var startedAt = VodPlan.StartedAt(sources, time.GetUtcNow());
        var (parts, problems, empty) = await ReadablePartsAsync(sessionId, channel, sources, cancellationToken);
        sources = sources.Except(empty).ToList();
        switch (VodPlan.AfterProbe(sources.Count, parts.Count))
        {
            case BuildStep.NothingRecorded:
                CountJob(activity, "empty");
                VodLog.NothingRecorded(logger, sessionId, channel);
                return true;
            case BuildStep.Fail:
                return await FailAsync(sessionId, channel, startedAt, sources, VodPlan.Reason(problems));
        }

        Directory.CreateDirectory(media.Value.Partial);
        foreach (var stale in Directory.EnumerateFiles(media.Value.Partial, VodBuildFiles.AttemptPattern(sessionId)))
        {
            File.Delete(stale); // left by a worker that died mid-build; this build holds the broadcast's lock
        }

        var attempt = VodBuildFiles.Attempt(media.Value.Partial, sessionId, Guid.NewGuid().ToString("N"));
        try
        {
            // What the recordings really hold (a cut-short FLV's header may still claim its full length): the scan's
            // count of their tags, or ffprobe's packet by packet for a file that is not FLV.
            var parameters = parts.Select(p => p.Scan).ToList();
            var extents = await Task.WhenAll(parts.Select(p => p.Scan.IsFlv
                ? Task.FromResult(p.Scan.Extent)
                : ffmpeg.MeasureAsync(p.Path, cancellationToken)));
            var codecs = await PlanCodecsAsync(parts, parameters, cancellationToken);
            var inputs = parts.Select(p => p.Path).ToList();
            var remuxTime = Stopwatch.StartNew();
            string? remuxProblem;
            while (true)
            {
                // A full disk is waited out here, never failed or retried into the error queue (BuildRoom).
                await room.WaitAsync(sessionId, channel, inputs.Sum(input => new FileInfo(input).Length), cancellationToken);
                remuxTime.Restart();
                try
                {
                    remuxProblem = await RemuxAsync(inputs, codecs, attempt, cancellationToken);
                    break;
                }
                catch (DiskFullException full)
                {
                    VodLog.DiskFilledDuringRemux(logger, sessionId, channel, full.Message);
                    DeleteAll(attempt);
                }
            }

            if (remuxProblem is not null)
            {
                return await FailAsync(sessionId, channel, startedAt, sources, remuxProblem);
            }

            remuxTime.Stop();
            activity?.SetTag("streaming.vod.remux_seconds", remuxTime.Elapsed.TotalSeconds);
            activity?.SetTag("streaming.vod.reencoded", codecs.TagValue);

            // Verification and the poster both read the finished MP4: side by side, and both before it is renamed.
            var decodeIntervals = VodPlan.DecodeIntervals(extents.Sum(e => e.Seconds), VodPlan.ChangePoints(parameters, extents));
            var verification = VerifyAsync(attempt.Video, decodeIntervals, cancellationToken);
            var posterMade = MakePosterAsync(sessionId, attempt.Video, attempt.Poster, cancellationToken);
            await Task.WhenAll(verification, posterMade);
            var verified = await verification;
            if (VodPlan.VerificationProblem(verified, extents.Sum(e => e.Seconds)) is { } problem)
            {
                return await FailAsync(sessionId, channel, startedAt, sources, problem);
            }

            var verdict = VodPlan.Verdict(parts.Select(p => p.Probe).ToList(), extents, problems);
            Directory.CreateDirectory(VodBuildFiles.ChannelFolder(media.Value.Vod, channel));
            var video = VodBuildFiles.Video(media.Value.Vod, channel, sessionId);
            File.Move(attempt.Video, video, overwrite: true);
            string? poster = null;
            if (await posterMade)
            {
                poster = VodBuildFiles.Poster(media.Value.Vod, channel, sessionId);
                File.Move(attempt.Poster, poster, overwrite: true);
            }

            var size = new FileInfo(video).Length;
            await catalogue.SaveAsync(new VodRecord(sessionId, channel, startedAt, verified.DurationSeconds!.Value, size, verdict.Status, sources, verdict.Reason,
                Path.GetRelativePath(media.Value.Vod, video), poster is null ? null : Path.GetRelativePath(media.Value.Vod, poster), time.GetUtcNow()));
            activity?.SetTag("streaming.vod.outcome", verdict.Status);
            VodTelemetry.CountJob(verdict.Status, codecs.TagValue);
            VodLog.Built(logger, sessionId, channel, verdict.Status, verified.DurationSeconds.Value, size, parts.Count, remuxTime.Elapsed.TotalSeconds,
                codecs.Description ?? "copied without re-encoding");
            return true;
        }
        finally
        {
            DeleteAll(attempt);
        }
    }

    private static void DeleteAll(BuildAttempt attempt)
    {
        foreach (var file in attempt.All)
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// Waits for each recording to be complete and probes it; unreadable ones go to failed/, empty ones (not one
    /// frame: a publisher that never sent any) are deleted and leave the broadcast.
    /// </summary>
    private async Task<(List<(string Path, MediaProbe Probe, FlvParameters Scan)> Parts, List<string> Problems, List<string> Empty)> ReadablePartsAsync(
        string sessionId, string channel, IReadOnlyList<string> sources, CancellationToken cancellationToken)
    {
        var parts = new List<(string, MediaProbe, FlvParameters)>();
        var problems = new List<string>();
        var empty = new List<string>();
        foreach (var fileName in sources)
        {
            var path = media.Value.RecordingFile(fileName);
            if (!File.Exists(path))
            {
                problems.Add(VodPlan.MissingProblem(fileName, cleaner.IsFailed(fileName)));
                continue;
            }

            var probe = await ProbeWhenCompleteAsync(path, cancellationToken);
            var scan = FlvParameters.Read(path);
            var hasPackets = scan.IsFlv ? scan.Extent.Packets > 0 : await ffmpeg.HasPacketsAsync(path, cancellationToken);
            if (new FileInfo(path).Length == 0 || (probe.Readable && !hasPackets))
            {
                cleaner.DeleteRecordings([fileName]);
                await broadcasts.RemoveRecordingAsync(sessionId, fileName);
                VodLog.EmptyRecording(logger, fileName, channel);
                empty.Add(fileName);
                continue;
            }

            if (VodPlan.Unusable(probe) is { } reason)
            {
                cleaner.MoveToFailed(fileName);
                VodLog.Unreadable(logger, fileName, channel, reason);
                problems.Add(VodPlan.UnusableProblem(fileName, reason));
                continue;
            }

            parts.Add((path, probe, scan));
        }

        return (parts, problems, empty);
    }

    /// <summary>
    /// The codec plan of the parts (<see cref="VodCodecs.Plan"/>); when their video parameters change, the canvas comes
    /// from the sizes of their keyframes (decoded: only for such recordings, which are re-encoded anyway).
    /// </summary>
    private async Task<CodecPlan> PlanCodecsAsync(List<(string Path, MediaProbe Probe, FlvParameters Scan)> parts, IReadOnlyList<FlvParameters> parameters,
        CancellationToken cancellationToken)
    {
        var changes = VodPlan.Changes(parameters);
        VideoCanvas? canvas = null;
        if (changes.Video)
        {
            var sizes = await Task.WhenAll(parts.Select(p => ffmpeg.KeyframeSizesAsync(p.Path, cancellationToken)));
            canvas = VodPlan.Canvas(sizes.SelectMany(s => s));
        }

        return VodCodecs.Plan(parts.Select(p => p.Probe), changes, canvas);
    }

    private async Task<MediaProbe> VerifyAsync(string video, string decodeIntervals, CancellationToken cancellationToken)
    {
        using var activity = WorkerTelemetry.Source.StartActivity("vod verify");
        activity?.SetTag("streaming.vod.decode_intervals", decodeIntervals);
        var probe = await ffmpeg.ProbeAsync(video, cancellationToken, decodeIntervals);
        activity?.SetTag("streaming.vod.readable", probe.Readable);
        activity?.SetTag("streaming.vod.decodes", probe.Error.Length == 0);
        activity?.SetTag("streaming.vod.duration", probe.DurationSeconds);
        return probe;
    }

    /// <summary>
    /// Copies the streams MP4 takes as they are and re-encodes the others (<paramref name="codecs"/>). Returns why it
    /// failed when FFmpeg cannot do it (trying again would not help); throws <see cref="DiskFullException"/> when the
    /// disk filled up (the build waits for space) and <see cref="TransientVodException"/> when it may pass (FFmpeg killed),
    /// so the message is retried.
    /// </summary>
    private async Task<string?> RemuxAsync(IReadOnlyList<string> inputs, CodecPlan codecs, BuildAttempt attempt, CancellationToken cancellationToken)
    {
        using var activity = WorkerTelemetry.Source.StartActivity("vod remux");
        var inputBytes = inputs.Sum(input => new FileInfo(input).Length);
        activity?.SetTag("streaming.vod.input.size", inputBytes);
        activity?.SetTag("streaming.vod.input.count", inputs.Count);
        if (inputs.Count > 1)
        {
            await File.WriteAllLinesAsync(attempt.ConcatList, VodPlan.ConcatList(inputs), cancellationToken);
        }

        var arguments = VodPlan.RemuxArguments(inputs, codecs, attempt.ConcatList, attempt.Video);
        activity?.SetTag("streaming.vod.reencoded", codecs.TagValue);
        activity?.SetTag("process.executable.name", "ffmpeg");
        activity?.SetTag("process.command_args", arguments.ToArray());
        var elapsed = Stopwatch.StartNew();
        var result = await ffmpeg.RunFfmpegAsync(arguments, cancellationToken);
        elapsed.Stop();
        activity?.SetTag("process.exit.code", result.ExitCode);
        if (result.ExitCode != 0)
        {
            var failure = VodPlan.FfmpegFailed(result.ExitCode, result.Error);
            activity?.SetStatus(ActivityStatusCode.Error, failure);
            if (FfmpegFailure.IsDiskFull(result.Error))
            {
                throw new DiskFullException(failure);
            }

            if (FfmpegFailure.IsTransient(result.ExitCode, result.Error))
            {
                throw new TransientVodException(failure);
            }

            return VodPlan.RemuxProblem(failure);
        }

        var outputBytes = new FileInfo(attempt.Video).Length;
        activity?.SetTag("streaming.vod.output.size", outputBytes);
        if (codecs.CopiesAll)
        {
            // A re-encode runs at the codec's pace, not the disk's: it would only blur the remux numbers.
            VodTelemetry.RecordRemux(elapsed.Elapsed, inputBytes);
        }

        return null;
    }

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

            error = VodPlan.FirstLine(result.Error);
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
        CountJob(Activity.Current, VodStatus.Failed);
        Activity.Current?.SetStatus(ActivityStatusCode.Error, reason);
        VodLog.Failed(logger, sessionId, channel, reason);
        return false;
    }

    /// <summary>The job's outcome on the metric and on the reconcile span.</summary>
    private static void CountJob(Activity? activity, string outcome)
    {
        activity?.SetTag("streaming.vod.outcome", outcome);
        VodTelemetry.CountJob(outcome);
    }

    private static bool IsRecordingOf(string fileName, string channel) =>
        RecordingFileName.TryParse(fileName, out var fileChannel, out _) && fileChannel == channel;
}
