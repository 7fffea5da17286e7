using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using StreamingPlatform.Api.Infrastructure;
using StreamingPlatform.Api.Options;
using StreamingPlatform.Api.Outbox;
using StreamingPlatform.Api.Reconciliation;
using StreamingPlatform.Api.Recordings;
using StreamingPlatform.Api.Sessions;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.BroadcastState.Sessions;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.Api;

/// <summary>
/// The sessions' Lua scripts and the reconciler against a bare redis-server, with a fake clock: what happens to a
/// broadcast whose lease ran out because nobody could renew it (the Api was away and nginx answered for it).
/// </summary>
public sealed class HookReconcilerTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(4);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly TempFolder _media = new("reconcile");
    private RedisServer? _redis;
    private ConnectionMultiplexer? _client;
    private SessionRepository _sessions = null!;
    private HookReconciler _reconciler = null!;

    private IDatabase Redis => _client!.GetDatabase();

    private string RecordingsPath => _media.Combine("recordings");

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _client = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        _sessions = new SessionRepository(_client);
        Directory.CreateDirectory(RecordingsPath);
        var options = Microsoft.Extensions.Options.Options.Create(new LiveSessionOptions
        {
            LeaseSeconds = (int)Lease.TotalSeconds,
            ReconnectGraceSeconds = 30,
            RecordingQuietSeconds = 10,
        });
        var media = Microsoft.Extensions.Options.Options.Create(new MediaOptions { Root = _media.Path });
        _reconciler = new HookReconciler(_sessions, new RecordingRepository(_client), new OutboxSignal(), options, media, _time,
            NullLogger<HookReconciler>.Instance);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        _media.Dispose();
    }

    [Fact]
    public async Task LapsedBroadcastIsEndedOnlyAfterItStayedWithoutAHeartbeatForOneMoreLease()
    {
        var session = await StartLapsedAsync("lapsed", "7");
        var traceId = ActivityContext.Parse(session.TraceParent!, null).TraceId;
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ApiTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { if (activity.TraceId == traceId) spans.Enqueue(activity); },
        };
        ActivitySource.AddActivityListener(listener);

        await _reconciler.ReconcileAsync(CancellationToken.None);
        _time.Advance(Lease - TimeSpan.FromSeconds(1));
        await _reconciler.ReconcileAsync(CancellationToken.None);
        Assert.True(await Redis.HashExistsAsync(StoreKeys.OpenBroadcasts, "lapsed"), "ended before its publisher could renew it");
        Assert.Null(await Redis.SortedSetScoreAsync(StoreKeys.OutboxDue, $"BroadcastEnded:{session.Id}"));

        _time.Advance(TimeSpan.FromSeconds(2));
        await _reconciler.ReconcileAsync(CancellationToken.None);
        Assert.False(await Redis.HashExistsAsync(StoreKeys.OpenBroadcasts, "lapsed"));
        Assert.Equal((_time.GetUtcNow() + TimeSpan.FromSeconds(30)).ToUnixTimeMilliseconds(),
            await Redis.SortedSetScoreAsync(StoreKeys.OutboxDue, $"BroadcastEnded:{session.Id}"));
        Assert.Equal(session.Id, (await _sessions.GetResumableAsync("lapsed"))?.Id);

        // In the broadcast's trace: one reconcile span, which the BroadcastEnded job continues.
        var span = Assert.Single(spans, a => a.OperationName == "reconcile");
        Assert.Equal(ReconcileOutcome.SessionEnded, span.GetTagItem("streaming.reconcile.outcome"));
        Assert.Equal(session.Id, span.GetTagItem("streaming.session.id"));
        Assert.Contains(span.Id!, (string)(await Redis.HashGetAsync(StoreKeys.OutboxPayloads, $"BroadcastEnded:{session.Id}"))!);
    }

    [Fact]
    public async Task HeartbeatAfterALapsedLeaseContinuesTheSameBroadcastAndTraceAndNothingEndsIt()
    {
        var session = await StartLapsedAsync("renewed", "8");
        await _reconciler.ReconcileAsync(CancellationToken.None);

        // What PublishHookHandler does on a heartbeat whose lease is gone: claim the name again for this connection.
        var again = await _sessions.StartAsync(PublishSession.Start("renewed", "node", "8", _time, "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01"), Lease);
        Assert.Equal(session.Id, again?.Id);
        Assert.Equal(session.TraceParent, again?.TraceParent);
        Assert.Equal(session.StartedAt, again?.StartedAt);

        _time.Advance(Lease * 3);
        await _reconciler.ReconcileAsync(CancellationToken.None);
        Assert.True(await Redis.HashExistsAsync(StoreKeys.OpenBroadcasts, "renewed"));
        Assert.Null(await Redis.SortedSetScoreAsync(StoreKeys.OutboxDue, $"BroadcastEnded:{session.Id}"));
    }

    [Fact]
    public async Task PublishDoneAfterALapsedLeaseStillEndsTheBroadcast()
    {
        var session = await StartLapsedAsync("late-done", "9");

        // What PublishHookHandler does on publish_done: end the open broadcast it read, if this connection holds it.
        var open = await _sessions.GetOpenAsync("late-done");
        var ended = await _sessions.EndAsync(open!, "node/9", _time.GetUtcNow(), TimeSpan.FromSeconds(30), null);

        Assert.Equal(session.Id, ended?.Id);
        Assert.False(await Redis.HashExistsAsync(StoreKeys.OpenBroadcasts, "late-done"));
        Assert.NotNull(await Redis.SortedSetScoreAsync(StoreKeys.OutboxDue, $"BroadcastEnded:{session.Id}"));
    }

    [Fact]
    public async Task ClosedUnannouncedRecordingJoinsItsBroadcastButTheLiveFileAndAFreshOneDoNot()
    {
        var lapsed = await StartLapsedAsync("away", "10");
        var closed = Plant($"away-{lapsed.StartedAt.ToUnixTimeSeconds() + 1}.flv", quietFor: TimeSpan.FromSeconds(30));
        var live = await _sessions.StartAsync(PublishSession.Start("onair", "node", "11", _time), Lease);
        var current = Plant($"onair-{live!.StartedAt.ToUnixTimeSeconds()}.flv", quietFor: TimeSpan.FromSeconds(30));
        var growing = Plant($"other-{lapsed.StartedAt.ToUnixTimeSeconds()}.flv", quietFor: TimeSpan.FromSeconds(2));

        await _reconciler.ReconcileAsync(CancellationToken.None);

        Assert.Equal([closed], (await Redis.SortedSetRangeByRankAsync(StoreKeys.Recordings(lapsed.Id))).Select(v => (string)v!));
        Assert.True(await Redis.SetContainsAsync(StoreKeys.KnownRecordings, closed));
        Assert.True(await Redis.HashExistsAsync(StoreKeys.OutboxPayloads, $"RecordingCompleted:{closed}"));
        Assert.False(await Redis.SetContainsAsync(StoreKeys.KnownRecordings, current));
        Assert.False(await Redis.SetContainsAsync(StoreKeys.KnownRecordings, growing));

        await _reconciler.ReconcileAsync(CancellationToken.None);
        Assert.Equal(1, await Redis.SortedSetLengthAsync(StoreKeys.Recordings(lapsed.Id)));
    }

    /// <summary>A broadcast whose lease ran out without a publish_done: as when the Api was killed mid-stream.</summary>
    private async Task<PublishSession> StartLapsedAsync(string channel, string clientId)
    {
        // A real lease, short enough to run out here: Redis's own clock ends it, as it does in production.
        var session = await _sessions.StartAsync(
            PublishSession.Start(channel, "node", clientId, _time, "00-0123456789abcdef0123456789abcdef-0123456789abcdef-01"),
            TimeSpan.FromMilliseconds(50));
        Assert.NotNull(session);
        await Eventually.TrueAsync(async () => !await Redis.KeyExistsAsync(StoreKeys.Session(channel)), TimeSpan.FromSeconds(5), "the lease to run out");
        return session;
    }

    private string Plant(string fileName, TimeSpan quietFor)
    {
        var path = Path.Combine(RecordingsPath, fileName);
        File.WriteAllBytes(path, [0x46, 0x4c, 0x56]);
        File.SetLastWriteTimeUtc(path, (_time.GetUtcNow() - quietFor).UtcDateTime);
        return fileName;
    }
}
