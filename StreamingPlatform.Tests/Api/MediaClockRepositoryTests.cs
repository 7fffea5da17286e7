using StackExchange.Redis;
using StreamingPlatform.Api.Channels;
using StreamingPlatform.Api.Sessions;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.BroadcastState.Sessions;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.Api;

/// <summary>The media clock's scripts against a bare redis-server.</summary>
public sealed class MediaClockRepositoryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Publish = DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_000);
    private readonly BareRedis _redis = new(); // a fresh server for each test

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task HeartbeatsKeepTheEarliestEstimateOfWhenTimestampZeroWasSent()
    {
        var clocks = new MediaClockRepository(_redis.Connection);
        await PublishAsync("cam");
        Assert.Equal(new StoredMediaClock("n/1", Publish.ToUnixTimeMilliseconds(), Publish.ToUnixTimeMilliseconds(), Measured: false), await clocks.GetAsync("cam"));

        // The first heartbeat measures the clock even when it is later than the publish (the phone started sending after it).
        await clocks.ObserveAsync("cam", "n/1", Publish.AddMilliseconds(5_000), timestamp: 4_800);
        Assert.Equal(Publish.AddMilliseconds(200), (await clocks.GetAsync("cam"))!.ToMediaClock(Publish).TimestampZeroAt);

        // A heartbeat after a frame that was held up gives a later estimate: ignored. An earlier one wins.
        await clocks.ObserveAsync("cam", "n/1", Publish.AddMilliseconds(10_000), timestamp: 9_000);
        Assert.Equal(Publish.AddMilliseconds(200), (await clocks.GetAsync("cam"))!.ToMediaClock(Publish).TimestampZeroAt);
        await clocks.ObserveAsync("cam", "n/1", Publish.AddMilliseconds(15_000), timestamp: 14_950);
        var clock = (await clocks.GetAsync("cam"))!.ToMediaClock(Publish);
        Assert.Equal(Publish.AddMilliseconds(50), clock.TimestampZeroAt);
        Assert.Equal(Publish, clock.ConnectedAt);
        Assert.True(clock.Measured);
    }

    [Fact]
    public async Task ANewConnectionReplacesThePreviousConnectionsClock()
    {
        var clocks = new MediaClockRepository(_redis.Connection);
        await PublishAsync("phone");
        await clocks.ObserveAsync("phone", "n/1", Publish.AddMilliseconds(60_000), timestamp: 59_900);

        // The phone reconnected: its timestamps start at 0 again, so the old (earlier) estimate must not survive.
        await clocks.ObserveAsync("phone", "n/2", Publish.AddMilliseconds(70_000), timestamp: 3_000);
        var clock = await clocks.GetAsync("phone");
        Assert.Equal(new StoredMediaClock("n/2", Publish.ToUnixTimeMilliseconds() + 67_000, Publish.ToUnixTimeMilliseconds() + 67_000, Measured: true), clock);
    }

    [Fact]
    public async Task APublishReplacesAClockStoredByTheVersionBeforeAndTheClockLastsAsLongAsItsChannel()
    {
        var clocks = new MediaClockRepository(_redis.Connection);
        var channels = new ChannelRepository(_redis.Connection);
        await channels.TryCreateAsync("kept", StreamKey.Hash("kept", "a-key"), Publish);
        await _redis.Database.StringSetAsync(StoreKeys.MediaClock("kept"), """{"owner":"n/0","connectedAt":1,"zeroAt":1,"measured":true}""");

        await PublishAsync("kept");
        await clocks.ObserveAsync("kept", "n/1", Publish.AddMilliseconds(5_000), timestamp: 4_800);

        Assert.Equal(new StoredMediaClock("n/1", Publish.ToUnixTimeMilliseconds(), Publish.ToUnixTimeMilliseconds() + 200, Measured: true), await clocks.GetAsync("kept"));
        Assert.Null(await _redis.Database.KeyTimeToLiveAsync(StoreKeys.MediaClock("kept")));
        Assert.True(await channels.DeleteAsync("kept"));
        Assert.False(await _redis.Database.KeyExistsAsync(StoreKeys.MediaClock("kept")));
    }

    /// <summary>A publish of connection n/1 at <see cref="Publish"/>: its script starts the clock.</summary>
    private Task PublishAsync(string channel) =>
        new SessionRepository(_redis.Connection).PublishAsync(new PublishSession($"{channel}-id", channel, "n", "1", Publish, TraceParent: null), TimeSpan.FromMinutes(1), Publish);

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("4800", 4_800L)]
    [InlineData("-1", 4_294_967_295L)] // nginx prints the unsigned 32-bit timestamp as signed after 24.8 days
    [InlineData("-2147483648", 2_147_483_648L)]
    [InlineData("", null)]
    [InlineData("12abc", null)]
    [InlineData("4294967296", null)]
    public void TimestampFieldIsReadAsNginxWritesIt(string field, long? expected) =>
        Assert.Equal(expected, MediaClockRepository.ParseTimestamp(field));

    [Fact]
    public async Task AClockStoredByTheVersionBeforeIsReplacedAndNeverBreaksTheStreamApi()
    {
        var clocks = new MediaClockRepository(_redis.Connection);
        await _redis.Database.StringSetAsync(StoreKeys.MediaClock("upgraded"), """{"owner":"n/1","connectedAt":1,"zeroAt":1,"measured":true}""");
        Assert.Null(await clocks.GetAsync("upgraded"));

        await clocks.ObserveAsync("upgraded", "n/1", Publish.AddMilliseconds(5_000), timestamp: 4_000);

        Assert.Equal(new StoredMediaClock("n/1", Publish.ToUnixTimeMilliseconds() + 1_000, Publish.ToUnixTimeMilliseconds() + 1_000, Measured: true),
            await clocks.GetAsync("upgraded"));
    }
}
