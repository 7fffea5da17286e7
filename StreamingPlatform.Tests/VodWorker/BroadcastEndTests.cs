extern alias VodWorkerAssembly;

using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using StreamingPlatform.Api.Recordings;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.Contracts;
using StreamingPlatform.Tests.Infrastructure;
using VodWorkerAssembly::StreamingPlatform.VodWorker.Vod;

namespace StreamingPlatform.Tests.VodWorker;

/// <summary>
/// The worker learns that a broadcast is over from its BroadcastEnded only (the Api's session keys are the Api's):
/// until then a broadcast's recordings stay beside its VOD; after it, even a late recording is built and cleaned up.
/// The messages go through the Api's own outbox and bus, as a real broadcast's would.
/// </summary>
[Collection(LiveIngestCollection.Name)]
public sealed class BroadcastEndTests(LiveIngestFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task RecordingsOfABroadcastStayBesideItsVodUntilItsBroadcastEndedThenGo()
    {
        var sessionId = Guid.NewGuid().ToString("N");
        var recording = await PlantedRecording.CreateAsync(fixture.Nginx.RecordingsPath, "endmark", seconds: 3);
        using var api = fixture.Api.CreateHttpClient();
        await RegisterAsync(recording, sessionId);

        var vod = await Vods.WaitAsync(api, recording.Channel, v => v.Status == "ready", Timeout);
        Assert.Equal(sessionId, vod.Id);
        Assert.Contains(Lines(), line => line.Contains($"Broadcast {sessionId} of channel {recording.Channel}: 1 recording(s), VOD build, broadcast open"));
        await Task.Delay(TimeSpan.FromSeconds(3)); // a cleanup, if any, follows the catalogue write at once
        Assert.True(File.Exists(recording.Path), "the recording went before its broadcast ended");
        Assert.DoesNotContain(Lines(), line => line.Contains($"Broadcast {sessionId} of channel {recording.Channel} is over"));

        await PublishEndedAsync(sessionId, recording.Channel);

        await Eventually.TrueAsync(() => Task.FromResult(!File.Exists(recording.Path)), Timeout, "the recording to be deleted once the broadcast ended");
        // The worker's output reaches this process through a pipe: its log line may arrive after the file is gone.
        await Eventually.TrueAsync(() => Task.FromResult(Lines().Any(line => line.Contains($"Broadcast {sessionId} of channel {recording.Channel}: 1 recording(s), VOD unchanged, broadcast ended"))),
            Timeout, "the worker's decision for the ended broadcast");
        Assert.Equal(vod, Assert.Single(await Vods.ListAsync(api, recording.Channel)));
        var markLifetime = await fixture.RedisDatabase.KeyTimeToLiveAsync(StoreKeys.Ended(sessionId));
        Assert.NotNull(markLifetime);
        Assert.InRange(markLifetime.Value, TimeSpan.FromDays(29), TimeSpan.FromDays(30));

        // The decisions on the reconcile spans, as the dashboard shows them.
        var reconciles = await Eventually.GetAsync(() => Task.FromResult(ReconcileSpans(sessionId) is { Count: >= 2 } spans ? spans : null),
            Timeout, "the worker's two reconcile spans of the broadcast");
        Assert.Contains(reconciles, s => s.Attributes["streaming.vod.decision"] == "build" && s.Attributes["streaming.broadcast.over"] == "false"
            && s.Attributes["streaming.broadcast.end"] == "open" && s.Attributes["streaming.vod.outcome"] == "ready");
        Assert.Contains(reconciles, s => s.Attributes["streaming.vod.decision"] == "unchanged" && s.Attributes["streaming.broadcast.over"] == "true"
            && s.Attributes["streaming.broadcast.end"] == "ended" && s.Attributes["streaming.vod.outcome"] == "unchanged");
    }

    [Fact]
    public async Task RecordingThatArrivesAfterItsBroadcastEndedIsBuiltAndThenCleanedUp()
    {
        var sessionId = Guid.NewGuid().ToString("N");
        var recording = PlantedRecording.Name(fixture.Nginx.RecordingsPath, "lateend");
        using var api = fixture.Api.CreateHttpClient();

        await PublishEndedAsync(sessionId, recording.Channel);
        await Eventually.TrueAsync(() => fixture.RedisDatabase.KeyExistsAsync(StoreKeys.Ended(sessionId)), Timeout, "the broadcast to be marked over");

        // The record_done of the broadcast's last connection comes late (nginx was slow to close the file).
        await TestMedia.MakeFlvAsync(recording.Path, seconds: 3);
        await RegisterAsync(recording, sessionId);

        var vod = await Vods.WaitAsync(api, recording.Channel, v => v.Status == "ready", Timeout);
        Assert.Equal(sessionId, vod.Id);
        Assert.InRange(vod.DurationSeconds, 2.5, 3.5);
        await Eventually.TrueAsync(() => Task.FromResult(!File.Exists(recording.Path)), Timeout, "the late recording to be deleted after its VOD was made");
        await Eventually.TrueAsync(() => Task.FromResult(Lines().Any(line => line.Contains($"Broadcast {sessionId} of channel {recording.Channel}: 1 recording(s), VOD build, broadcast ended"))),
            Timeout, "the worker's decision for the late recording");
    }

    /// <summary>As the Api's record_done does for a recording of a live broadcast: registered and queued in one script.</summary>
    private async Task RegisterAsync(PlantedRecording recording, string sessionId)
    {
        RecordingFileName.TryParse(recording.FileName, out _, out var startedAt);
        var now = DateTimeOffset.UtcNow;
        await fixture.Api.Services.GetRequiredService<RecordingRepository>()
            .RegisterAsync(new RecordingCompleted(sessionId, recording.Channel, recording.FileName), startedAt, now, traceParent: null);
    }

    private Task PublishEndedAsync(string sessionId, string channel) =>
        fixture.Api.Services.GetRequiredService<IBus>().Publish(new BroadcastEnded(sessionId, channel, DateTimeOffset.UtcNow));

    private List<ExportedSpan> ReconcileSpans(string sessionId) => fixture.WorkerTelemetry.Spans
        .Where(s => s.Name == "vod reconcile" && s.Attributes.GetValueOrDefault("streaming.session.id") == sessionId)
        .ToList();

    private string[] Lines() => fixture.Worker.Output.Split('\n');
}
