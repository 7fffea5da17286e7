extern alias VodWorkerAssembly;

using System.IO.Enumeration;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.BroadcastState.Vods;
using StreamingPlatform.Contracts;
using VodWorkerAssembly::StreamingPlatform.VodWorker.Media;
using VodWorkerAssembly::StreamingPlatform.VodWorker.Vod;

namespace StreamingPlatform.Tests.VodWorker;

/// <summary>The rules of a VOD build, without FFmpeg, files or Redis.</summary>
public sealed class VodPlanTests
{
    private const string First = "cam-1767225600.flv";
    private const string Second = "cam-1767225660.flv";
    private const string LiveSession = "0123456789abcdef0123456789abcdef";

    private static readonly Func<string, bool> NoneInFailed = _ => false;

    private static MediaProbe Probe(double? seconds, bool readable = true, bool video = true, string error = "") =>
        new(readable, video, true, seconds, error, "h264", "aac");

    [Fact]
    public void BuildHasRoomOnlyWhenTheDiskStaysAboveTheCriticalMarkAfterTheMp4()
    {
        const long mb = 1024 * 1024;
        var disk = new DiskReading("/media/vod", FreeBytes: 50 * mb, TotalBytes: 1000 * mb, LowBytes: 40 * mb, CriticalBytes: 10 * mb);

        Assert.True(VodPlan.HasRoom(40 * mb, disk));
        Assert.False(VodPlan.HasRoom(40 * mb + 1, disk));
        Assert.Contains("needs about 45.0 MB and 10.0 MB must stay free on /media/vod, which has 50.0 MB free", VodPlan.NoRoom(45 * mb, disk));
    }

    [Theory]
    [InlineData(2048, 0, 512, 0, 3000, DiskLevel.Plenty)]
    [InlineData(2048, 0, 512, 0, 2047, DiskLevel.Low)]
    [InlineData(2048, 0, 512, 0, 511, DiskLevel.Critical)]
    [InlineData(100, 10, 50, 5, 900, DiskLevel.Low)] // 10 % of 10,000 MB is the larger low mark
    [InlineData(100, 10, 50, 5, 499, DiskLevel.Critical)]
    [InlineData(0, 0, 0, 0, 0, DiskLevel.Plenty)] // both marks off
    public void DiskLevelIsBelowTheLargerOfEachMarksAbsoluteAndPercentBounds(
        long lowMb, double lowPercent, long criticalMb, double criticalPercent, long freeMb, DiskLevel level)
    {
        const long mb = 1024 * 1024;
        var marks = new MediaDiskOptions { LowFreeMegabytes = lowMb, LowFreePercent = lowPercent, CriticalFreeMegabytes = criticalMb, CriticalFreePercent = criticalPercent };
        var total = 10_000 * mb;

        Assert.Equal(level, new DiskReading("/media", freeMb * mb, total, marks.LowBytes(total), marks.CriticalBytes(total)).Level);
    }

    [Fact]
    public void VodBuiltFromTheSameRecordingsIsUnchanged()
    {
        Assert.Equal(VodDecision.Unchanged, VodPlan.Decide([First, Second], new CataloguedBuild(VodStatus.Ready, [First, Second]), NoneInFailed));
        Assert.Equal(VodDecision.Unchanged, VodPlan.Decide([First], new CataloguedBuild(VodStatus.Salvaged, [First]), NoneInFailed));
    }

    [Fact]
    public void DeletedVodIsNeverBuiltAgainWhateverRecordingsRemain()
    {
        Assert.Equal(VodDecision.Deleted, VodPlan.Decide([First, Second], CataloguedBuild.WasDeleted, NoneInFailed));
        Assert.Equal(VodDecision.Deleted, VodPlan.Decide([], CataloguedBuild.WasDeleted, NoneInFailed));
    }

    [Fact]
    public void NewRecordingOrNoVodYetMeansBuild()
    {
        Assert.Equal(VodDecision.Build, VodPlan.Decide([First, Second], new CataloguedBuild(VodStatus.Ready, [First]), NoneInFailed));
        Assert.Equal(VodDecision.Build, VodPlan.Decide([First, Second], new CataloguedBuild(VodStatus.Ready, [Second, First]), NoneInFailed));
        Assert.Equal(VodDecision.Build, VodPlan.Decide([First], built: null, NoneInFailed));
    }

    [Fact]
    public void FailedVodIsUnchangedOnlyWhileEveryRecordingIsKeptInFailed()
    {
        var failed = new CataloguedBuild(VodStatus.Failed, [First, Second]);

        Assert.Equal(VodDecision.Unchanged, VodPlan.Decide([First, Second], failed, _ => true));
        // Someone put a recording back into the recordings folder: try again.
        Assert.Equal(VodDecision.Build, VodPlan.Decide([First, Second], failed, file => file == First));
        Assert.Equal(VodDecision.Build, VodPlan.Decide([First, Second], new CataloguedBuild(VodStatus.Failed, [First]), _ => true));
    }

    [Fact]
    public void BroadcastWithoutRecordingsHasNothingToBuild()
    {
        Assert.Equal(VodDecision.NothingToBuild, VodPlan.Decide([], built: null, NoneInFailed));
    }

    [Fact]
    public void BroadcastIsOverOnceItsBroadcastEndedWasSeen()
    {
        Assert.Equal(BroadcastEnd.Ended, VodPlan.End(LiveSession, [First], endedMessageSeen: true));
        Assert.Equal(BroadcastEnd.Ended, VodPlan.End(LiveSession, [], endedMessageSeen: true));
        Assert.True(BroadcastEnd.Ended.IsOver());
    }

    [Fact]
    public void BroadcastOfASessionMayContinueUntilItsBroadcastEnded()
    {
        var end = VodPlan.End(LiveSession, [First, Second], endedMessageSeen: false);

        Assert.Equal(BroadcastEnd.Open, end);
        Assert.False(end.IsOver());
    }

    [Fact]
    public void OrphanRecordingsBroadcastIsOverAsSoonAsItIsFound()
    {
        var end = VodPlan.End(RecordingFileName.OrphanSessionId(First), [First], endedMessageSeen: false);

        Assert.Equal(BroadcastEnd.Orphan, end);
        Assert.True(end.IsOver());
    }

    [Fact]
    public void OrphanIdIsOnlyTheOneNamedAfterItsRecording()
    {
        // rec- of another file, or a broadcast with more than its one recording: not an orphan found by hook or reconciler.
        Assert.Equal(BroadcastEnd.Open, VodPlan.End(RecordingFileName.OrphanSessionId(Second), [First], endedMessageSeen: false));
        Assert.Equal(BroadcastEnd.Open, VodPlan.End(RecordingFileName.OrphanSessionId(First), [First, Second], endedMessageSeen: false));
        Assert.Equal(BroadcastEnd.Open, VodPlan.End(RecordingFileName.OrphanSessionId(First), [], endedMessageSeen: false));
    }

    [Fact]
    public void StartIsTheFirstRecordingsTimeElseNow()
    {
        var now = new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero);

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1767225600), VodPlan.StartedAt([First, Second], now));
        Assert.Equal(now, VodPlan.StartedAt(["not-a-recording.mp4"], now));
        Assert.Equal(now, VodPlan.StartedAt([], now));
    }

    [Fact]
    public void RecordingIsUnusableWhenUnreadableOrWithoutVideo()
    {
        Assert.Equal("Invalid data found when processing input", VodPlan.Unusable(Probe(null, readable: false, error: "\n  Invalid data found when processing input\nmore")));
        Assert.Equal("no error output", VodPlan.Unusable(Probe(null, readable: false)));
        Assert.Equal("no video stream", VodPlan.Unusable(Probe(3, video: false)));
        Assert.Null(VodPlan.Unusable(Probe(3)));
    }

    [Fact]
    public void ProblemsNameTheRecordingAndWhereItIs()
    {
        Assert.Equal($"{First} cannot be read (kept in failed/)", VodPlan.MissingProblem(First, keptInFailed: true));
        Assert.Equal($"{First} is missing", VodPlan.MissingProblem(First, keptInFailed: false));
        Assert.Equal($"{First} cannot be read (no video stream; kept in failed/)", VodPlan.UnusableProblem(First, "no video stream"));
        Assert.Equal("a; b", VodPlan.Reason(["a", "b"]));
    }

    [Theory]
    [InlineData(0, 0, BuildStep.NothingRecorded)]
    [InlineData(2, 0, BuildStep.Fail)]
    [InlineData(2, 1, BuildStep.Remux)]
    public void AfterProbingEmptyAllMeansNothingNoneReadableMeansFailedElseRemux(int recordingsLeft, int readable, BuildStep expected)
    {
        Assert.Equal(expected, VodPlan.AfterProbe(recordingsLeft, readable));
    }

    [Fact]
    public void OneRecordingIsReadDirectlySeveralThroughTheConcatList()
    {
        var copy = new CodecPlan(null, null);

        Assert.Equal(["-i", "/r/a.flv", "-c", "copy", "-movflags", "+faststart", "-f", "mp4", "/p/out.mp4"],
            VodPlan.RemuxArguments(["/r/a.flv"], copy, "/p/list.txt", "/p/out.mp4"));
        Assert.Equal(["-f", "concat", "-safe", "0", "-i", "/p/list.txt", "-c", "copy", "-movflags", "+faststart", "-f", "mp4", "/p/out.mp4"],
            VodPlan.RemuxArguments(["/r/a.flv", "/r/b.flv"], copy, "/p/list.txt", "/p/out.mp4"));
        Assert.Equal(["file '/r/a.flv'", "file '/r/b.flv'"], VodPlan.ConcatList(["/r/a.flv", "/r/b.flv"]));
    }

    [Fact]
    public void RemuxFailureSaysFfmpegsExitAndFirstErrorLine()
    {
        var failure = VodPlan.FfmpegFailed(1, "Unknown codec\nsecond line");

        Assert.Equal("ffmpeg exited with 1: Unknown codec", failure);
        Assert.Equal("the recordings could not be converted to MP4 (ffmpeg exited with 1: Unknown codec)", VodPlan.RemuxProblem(failure));
    }

    [Fact]
    public void ToleranceIsHalfASecondPlusOnePercent()
    {
        Assert.Equal(0.5, VodPlan.Tolerance(0), 6);
        Assert.Equal(1.5, VodPlan.Tolerance(100), 6);
        Assert.Equal(36.5, VodPlan.Tolerance(3600), 6);
    }

    [Fact]
    public void Mp4VerifiesWhenItLastsAsLongAsItsRecordingsWithinTolerance()
    {
        Assert.Null(VodPlan.VerificationProblem(Probe(6.0), 6.4));
        Assert.Null(VodPlan.VerificationProblem(Probe(100.0), 101.4));
        Assert.Equal("the MP4 lasts 6.00 s but its recordings 6.60 s", VodPlan.VerificationProblem(Probe(6.0), 6.6));
        Assert.Equal("the MP4 lasts 100.00 s but its recordings 101.60 s", VodPlan.VerificationProblem(Probe(100.0), 101.6));
    }

    [Fact]
    public void Mp4DoesNotVerifyWhenUnreadableWithoutVideoOrWithoutDuration()
    {
        Assert.StartsWith("the remuxed MP4 did not verify (readable False", VodPlan.VerificationProblem(Probe(6, readable: false), 6));
        Assert.Contains("video False", VodPlan.VerificationProblem(Probe(6, video: false), 6));
        Assert.NotNull(VodPlan.VerificationProblem(Probe(null), 6));
        Assert.NotNull(VodPlan.VerificationProblem(Probe(0), 0));
    }

    [Fact]
    public void PartIsCutShortWhenItsHeaderClaimsMoreThanItsPacketsOrNoDuration()
    {
        Assert.False(VodPlan.IsCutShort(Probe(6.0), new MediaExtent(150, 5.5))); // 0.5 s < 0.56 s tolerance
        Assert.True(VodPlan.IsCutShort(Probe(6.0), new MediaExtent(150, 5.4)));
        Assert.True(VodPlan.IsCutShort(Probe(null), new MediaExtent(150, 6.0)));
        Assert.False(VodPlan.IsCutShort(Probe(6.0), new MediaExtent(150, 7.0))); // more than claimed is not cut short
    }

    [Fact]
    public void WholeReadableRecordingsMakeAReadyVod()
    {
        var verdict = VodPlan.Verdict([Probe(4), Probe(3)], [new MediaExtent(100, 4), new MediaExtent(75, 3)], []);

        Assert.Equal(new VodVerdict(VodStatus.Ready, null), verdict);
    }

    [Fact]
    public void CutShortPartMakesASalvagedVod()
    {
        var verdict = VodPlan.Verdict([Probe(4), Probe(6)], [new MediaExtent(100, 4), new MediaExtent(75, 3)], []);

        Assert.Equal(new VodVerdict(VodStatus.Salvaged, "a recording was cut short; the VOD holds what could be read"), verdict);
    }

    [Fact]
    public void UnusableRecordingMakesASalvagedVodWithItsProblemBeforeTheCut()
    {
        var problem = VodPlan.UnusableProblem(Second, "no video stream");

        Assert.Equal(new VodVerdict(VodStatus.Salvaged, problem), VodPlan.Verdict([Probe(4)], [new MediaExtent(100, 4)], [problem]));
        Assert.Equal(new VodVerdict(VodStatus.Salvaged, $"{problem}; a recording was cut short; the VOD holds what could be read"),
            VodPlan.Verdict([Probe(null)], [new MediaExtent(100, 4)], [problem]));
    }

    [Fact]
    public void AttemptFilesLieInThePartialFolderAndTheSessionsPatternFindsOnlyThem()
    {
        var attempt = VodBuildFiles.Attempt("/media/vod/.partial", LiveSession, "a1");
        var pattern = VodBuildFiles.AttemptPattern(LiveSession);

        Assert.Equal([$"/media/vod/.partial/{LiveSession}-a1.mp4", $"/media/vod/.partial/{LiveSession}-a1.jpg", $"/media/vod/.partial/{LiveSession}-a1.txt"], attempt.All);
        Assert.All(attempt.All, file => Assert.True(FileSystemName.MatchesSimpleExpression(pattern, Path.GetFileName(file))));
        Assert.False(FileSystemName.MatchesSimpleExpression(pattern, "fedcba9876543210fedcba9876543210-a1.mp4"));
        Assert.False(FileSystemName.MatchesSimpleExpression(pattern, $"{LiveSession}.json"));
    }

    [Fact]
    public void PublishedFilesAreNamedAfterTheSessionInTheChannelsFolder()
    {
        Assert.Equal($"/media/vod/cam/{LiveSession}.mp4", VodBuildFiles.Video("/media/vod", "cam", LiveSession));
        Assert.Equal($"/media/vod/cam/{LiveSession}.jpg", VodBuildFiles.Poster("/media/vod", "cam", LiveSession));
        Assert.Equal("/media/vod/cam", VodBuildFiles.ChannelFolder("/media/vod", "cam"));
    }

    private static FlvParameters Flv(params (string Config, double At)[] video) =>
        new(video.Select(v => new FlvConfig(Convert.FromHexString(v.Config), v.At)).ToList(), [new FlvConfig([0x12, 0x10], 0)], new MediaExtent(100, 4));

    [Fact]
    public void ParametersChangeWhenASecondDistinctSequenceHeaderComesInAPartOrInALaterPart()
    {
        Assert.Equal(new ParameterChanges(true, false), VodPlan.Changes([Flv(("01AA", 0), ("01BB", 5))]));
        Assert.Equal(new ParameterChanges(true, false), VodPlan.Changes([Flv(("01AA", 0)), Flv(("01BB", 0))]));
        Assert.False(VodPlan.Changes([Flv(("01AA", 0)), Flv(("01AA", 0))]).Any);
        Assert.False(VodPlan.Changes([FlvParameters.Unknown]).Any);
    }

    [Fact]
    public void ChangePointsLieOnTheVodsTimelineWithPartsEndToEnd()
    {
        var parts = new[] { Flv(("01AA", 0), ("01BB", 5)), Flv(("01BB", 0)), Flv(("01AA", 1.5)) };
        MediaExtent[] extents = [new(100, 10), new(100, 4), new(100, 6)];

        Assert.Equal([5, 15.5], VodPlan.ChangePoints(parts, extents));
        Assert.Empty(VodPlan.ChangePoints([Flv(("01AA", 0)), Flv(("01AA", 0))], [new(1, 3), new(1, 3)]));
    }

    [Fact]
    public void CanvasIsTheWidestByTheTallestRoundedToEven()
    {
        Assert.Equal(new VideoCanvas(640, 640), VodPlan.Canvas([(640, 360), (360, 640)]));
        Assert.Equal(new VideoCanvas(1920, 1080), VodPlan.Canvas([(1920, 1080), (1280, 720)]));
        Assert.Equal(new VideoCanvas(322, 242), VodPlan.Canvas([(321, 241), (0, 0)]));
        Assert.Null(VodPlan.Canvas([]));
    }

    [Fact]
    public void DecodeCheckSamplesTheStartEachChangeAndEvenlySpacedPoints()
    {
        Assert.Equal("0.0%+1.5,4.5%+1.5,5.0%+1.5,10.0%+1.5,15.0%+1.5", VodPlan.DecodeIntervals(20, [5], samples: 4));
        Assert.Equal("0.0%+0.3", VodPlan.DecodeIntervals(0.8, [], samples: 4));
    }

    [Fact]
    public void DecodeCheckLeavesOutTheLastHalfSecondWhereACutShortRecordingEndsInAPartialPacket()
    {
        // A 4 s recording cut in half: a 2 s VOD whose last packet is partial. No interval may reach past 1.5 s.
        Assert.Equal("0.0%+1.5,0.5%+1.0", VodPlan.DecodeIntervals(2, [], samples: 4));
        Assert.Equal("0.0%+1.5,10.0%+1.5,18.5%+1.0", VodPlan.DecodeIntervals(20, [19.8], samples: 2));
    }

    [Fact]
    public void VodWhoseSampledDecodeReportsErrorsDoesNotVerify()
    {
        Assert.Equal("the MP4 does not decode cleanly ([h264 @ 0x1] top block unavailable for requested intra mode)",
            VodPlan.VerificationProblem(Probe(20, error: "[h264 @ 0x1] top block unavailable for requested intra mode\nmore"), 20));
        Assert.Null(VodPlan.VerificationProblem(Probe(20), 20));
    }
}
