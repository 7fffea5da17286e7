using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

/// <summary>
/// The worker dies or is stopped in the middle of a remux. FFmpeg is slowed down (the real one, reading at a fifth
/// of real time) so that the test can catch it there.
/// </summary>
[Collection(LiveIngestCollection.Name)]
public sealed class VodWorkerFailureTests(LiveIngestFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WorkerKilledMidRemuxLeavesNoHalfFileAndTheVodIsMadeOnce()
    {
        using var slow = new SlowFfmpeg();
        PlantedRecording recording;
        try
        {
            recording = await StartSlowRemuxAsync("killed", slow);
            await fixture.Worker.KillAsync();

            Assert.NotEmpty(PartialFiles(recording.SessionId)); // the dead worker's half file, outside the channel's folder
            Assert.False(Directory.Exists(Path.Combine(fixture.VodPath, recording.Channel)) &&
                Directory.EnumerateFiles(Path.Combine(fixture.VodPath, recording.Channel)).Any());
        }
        finally
        {
            await fixture.Worker.StartAgainAsync();
        }

        using var api = fixture.Api.CreateHttpClient();
        var vod = await Vods.WaitAsync(api, recording.Channel, v => v.Status == "ready", Timeout);
        Assert.InRange(vod.DurationSeconds, 5.5, 6.5);
        Assert.Single(await Vods.ListAsync(api, recording.Channel));
        Assert.Empty(PartialFiles(recording.SessionId));
        Assert.Equal([$"{vod.Id}.jpg", $"{vod.Id}.json", $"{vod.Id}.mp4"], Directory.GetFiles(Path.Combine(fixture.VodPath, recording.Channel)).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task ShutdownKillsTheRunningFfmpegAndLeavesNothingHalfWritten()
    {
        using var slow = new SlowFfmpeg();
        PlantedRecording recording;
        try
        {
            recording = await StartSlowRemuxAsync("stopped", slow);
            Assert.NotEmpty(ProcessesMentioning(recording.SessionId));

            await fixture.Worker.StopGracefullyAsync();

            Assert.Empty(ProcessesMentioning(recording.SessionId));
            Assert.Empty(PartialFiles(recording.SessionId));
            Assert.True(File.Exists(recording.Path), "the recording must stay until its VOD is verified");
        }
        finally
        {
            await fixture.Worker.StartAgainAsync();
        }

        using var api = fixture.Api.CreateHttpClient();
        var vod = await Vods.WaitAsync(api, recording.Channel, v => v.Status == "ready", Timeout);
        Assert.InRange(vod.DurationSeconds, 5.5, 6.5);
    }

    /// <summary>Restarts the worker with the slowed FFmpeg and announces a 6 s recording; returns once its remux is under way.</summary>
    private async Task<PlantedRecording> StartSlowRemuxAsync(string prefix, SlowFfmpeg slow)
    {
        var recording = await PlantedRecording.CreateAsync(fixture.Nginx.RecordingsPath, prefix, seconds: 6);
        await fixture.Worker.KillAsync();
        await fixture.Worker.StartAgainAsync(new Dictionary<string, string> { ["Vod:FfmpegPath"] = slow.Path });
        await recording.AnnounceAsync(fixture.Api);
        await Eventually.TrueAsync(() => Task.FromResult(PartialFiles(recording.SessionId).Length > 0), Timeout, "the remux to start");
        return recording;
    }

    private string[] PartialFiles(string sessionId)
    {
        var partial = Path.Combine(fixture.VodPath, ".partial");
        return Directory.Exists(partial) ? Directory.GetFiles(partial, $"{sessionId}-*") : [];
    }

    /// <summary>Processes (FFmpeg above all) whose command line names the broadcast, read from /proc.</summary>
    private static List<int> ProcessesMentioning(string text)
    {
        var found = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(folder, "cmdline")).Contains(text, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
