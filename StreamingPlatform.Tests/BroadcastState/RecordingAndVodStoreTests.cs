extern alias VodWorkerAssembly;

using StackExchange.Redis;
using StreamingPlatform.Api.Outbox;
using StreamingPlatform.Api.Recordings;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.BroadcastState.Vods;
using StreamingPlatform.Contracts;
using StreamingPlatform.Tests.Infrastructure;
using VodWorkerAssembly::StreamingPlatform.VodWorker.Vod;

namespace StreamingPlatform.Tests.BroadcastState;

/// <summary>The recording, VOD catalogue and build-lock parts of the store against a bare redis-server.</summary>
public sealed class RecordingAndVodStoreTests(BareRedis redis) : IClassFixture<BareRedis>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);

    private IDatabase Db => redis.Database;

    [Fact]
    public async Task ARecordingIsRegisteredWithItsJobOnceHoweverOftenItIsAnnounced()
    {
        var recordings = new RecordingRepository(redis.Connection);
        var job = new RecordingCompleted("reg-id", "reg", "reg-1795000000.flv");

        await recordings.RegisterAsync(job, Now, Now, traceParent: null);
        await recordings.RegisterAsync(job, Now, Now.AddMinutes(1), traceParent: null);

        Assert.Equal(["reg-1795000000.flv"], (await Db.SortedSetRangeByRankAsync(StoreKeys.Recordings("reg-id"))).Select(v => (string)v!));
        var known = await recordings.AreKnownAsync(["reg-1795000000.flv"]);
        Assert.Equal([true], known);
        var member = OutboxMessage.For(job, null).Member;
        Assert.Equal(Now.ToUnixTimeMilliseconds(), await Db.SortedSetScoreAsync(StoreKeys.OutboxDue, member));
        Assert.Equal(job, new OutboxMessage(member, (await Db.HashGetAsync(StoreKeys.OutboxPayloads, member))!).Read().Message);
    }

    [Fact]
    public async Task ADeletedVodIsNeitherSavedAgainNorRestored()
    {
        var catalogue = new VodCatalogue(redis.Connection);
        var vod = Vod("deleted-id", "deleted");
        Assert.True(await catalogue.SaveAsync(vod));
        Assert.Equal(vod, await catalogue.GetAsync(vod.Id), VodComparer.Instance);

        Assert.True(await catalogue.DeleteAsync(vod));

        Assert.Null(await catalogue.GetAsync(vod.Id));
        Assert.False(await catalogue.SaveAsync(vod with { UpdatedAt = Now.AddHours(1) }));
        Assert.False(await catalogue.RestoreAsync(vod));
        Assert.Null(await catalogue.GetAsync(vod.Id));
        Assert.Equal(0, await Db.SortedSetLengthAsync(StoreKeys.ChannelVods("deleted")));
        Assert.True(await catalogue.IsDeletedAsync(vod.Id));
    }

    [Fact]
    public async Task RestoreAddsAnEntryOnlyWhenTheCatalogueHasNone()
    {
        var catalogue = new VodCatalogue(redis.Connection);
        var saved = Vod("restore-id", "restore");
        await catalogue.SaveAsync(saved);

        Assert.False(await catalogue.RestoreAsync(saved with { Status = VodStatus.Failed }));
        Assert.Equal(VodStatus.Ready, (await catalogue.GetAsync(saved.Id))!.Status);

        var lost = Vod("lost-id", "restore");
        Assert.True(await catalogue.RestoreAsync(lost));
        var (items, total) = await catalogue.PageAsync("restore", page: 1, pageSize: 10);
        Assert.Equal(2, total);
        Assert.Equal([lost.Id, saved.Id], items.Select(v => v.Id).Order());
    }

    [Fact]
    public async Task TheBuildLockIsRenewedAndReleasedOnlyByItsHolder()
    {
        var store = new BroadcastStore(redis.Connection);
        Assert.True(await store.TryLockAsync("lock-id", "worker-a", TimeSpan.FromSeconds(5)));
        Assert.False(await store.TryLockAsync("lock-id", "worker-b", TimeSpan.FromSeconds(5)));

        Assert.False(await store.RenewLockAsync("lock-id", "worker-b", TimeSpan.FromMinutes(5)));
        Assert.True(await store.RenewLockAsync("lock-id", "worker-a", TimeSpan.FromMinutes(5)));
        Assert.True((await Db.KeyTimeToLiveAsync(StoreKeys.BuildLock("lock-id")))!.Value > TimeSpan.FromMinutes(4));

        await store.ReleaseLockAsync("lock-id", "worker-b");
        Assert.Equal("worker-a", (string?)await Db.StringGetAsync(StoreKeys.BuildLock("lock-id")));
        await store.ReleaseLockAsync("lock-id", "worker-a");
        Assert.False(await Db.KeyExistsAsync(StoreKeys.BuildLock("lock-id")));
    }

    private static VodRecord Vod(string id, string channel) =>
        new(id, channel, Now, 12.5, 4096, VodStatus.Ready, [$"{channel}-1795000000.flv", $"{channel}-1795000010.flv"], null,
            $"{channel}/{id}.mp4", $"{channel}/{id}.jpg", Now.AddMinutes(1));

    /// <summary>Records compare their lists by reference; these compare them by content.</summary>
    private sealed class VodComparer : IEqualityComparer<VodRecord?>
    {
        public static readonly VodComparer Instance = new();

        public bool Equals(VodRecord? x, VodRecord? y) =>
            x is not null && y is not null && x with { Sources = [] } == y with { Sources = [] } && x.Sources.SequenceEqual(y.Sources);

        public int GetHashCode(VodRecord? obj) => obj?.Id.GetHashCode() ?? 0;
    }
}
