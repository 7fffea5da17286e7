extern alias VodWorkerAssembly;

using StackExchange.Redis;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.Contracts;
using StreamingPlatform.Tests.Infrastructure;
using VodWorkerAssembly::StreamingPlatform.VodWorker.Ladder;
using VodWorkerAssembly::StreamingPlatform.VodWorker.Live;
using VodWorkerAssembly::StreamingPlatform.VodWorker.LiveJobs;

namespace StreamingPlatform.Tests.VodWorker;

/// <summary>
/// The ladder's Redis side against a bare redis-server: one worker per broadcast (the lease), and which live broadcasts
/// want a ladder (only a mark that names the live broadcast counts).
/// </summary>
public sealed class LadderLeaseTests : IAsyncLifetime
{
    private readonly BareRedis _redis = new(); // a fresh server for each test

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task SecondWorkerGetsTheBroadcastOnlyOnceTheFirstWorkersLeaseLapsedAndTheFirstCanNoLongerTouchIt()
    {
        var leases = new LiveJobLease(_redis.Connection, StoreKeys.LadderLease);
        // Long enough that a loaded machine's scheduling never lets it lapse between the calls below.
        var lease = TimeSpan.FromSeconds(2);
        Assert.True(await leases.TryAcquireAsync("b1", "worker-a", lease));
        Assert.False(await leases.TryAcquireAsync("b1", "worker-b", lease));
        Assert.True(await leases.RenewAsync("b1", "worker-a", lease));
        Assert.False(await leases.RenewAsync("b1", "worker-b", lease));

        // worker-a is killed: nobody renews, the lease lapses and worker-b takes the broadcast over.
        await Task.Delay(lease * 2);
        Assert.True(await leases.TryAcquireAsync("b1", "worker-b", TimeSpan.FromSeconds(10)));
        Assert.False(await leases.RenewAsync("b1", "worker-a", lease));
        await leases.ReleaseAsync("b1", "worker-a");
        Assert.Equal("worker-b", await leases.OwnerAsync("b1"));
        await leases.ReleaseAsync("b1", "worker-b");
        Assert.Null(await leases.OwnerAsync("b1"));
    }

    [Fact]
    public async Task OnlyLiveBroadcastsMarkedWithTheirOwnIdWantALadder()
    {
        await _redis.Database.HashSetAsync(StoreKeys.OpenBroadcasts, [new("cam", "{}"), new("old", "{}"), new("plain", "{}")]);
        await _redis.Database.StringSetAsync(StoreKeys.Session("cam"), """{"id":"b-cam","channel":"cam","traceParent":"00-0123456789abcdef0123456789abcdef-0123456789abcdef-01"}""");
        await _redis.Database.StringSetAsync(StoreKeys.Session("old"), """{"id":"b-old-2","channel":"old"}""");
        await _redis.Database.StringSetAsync(StoreKeys.Session("plain"), """{"id":"b-plain","channel":"plain"}""");
        await _redis.Database.HashSetAsync(StoreKeys.LadderBroadcasts, [new("cam", "b-cam"), new("old", "b-old-1")]); // old: an earlier broadcast's mark

        var wanted = await new LadderBroadcastReader(new LiveBroadcastReader(_redis.Connection), _redis.Connection).ReadAsync();

        var only = Assert.Single(wanted);
        Assert.Equal(new LiveBroadcast("cam", "b-cam", "00-0123456789abcdef0123456789abcdef-0123456789abcdef-01"), only);
    }
}
