using Microsoft.Extensions.Options;
using StackExchange.Redis;
using StreamingPlatform.Api.Infrastructure;
using StreamingPlatform.Api.Viewers;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.Api;

/// <summary>The presence script against a bare redis-server: counting, expiry, the caps and the peak.</summary>
public sealed class ViewerRepositoryTests : IAsyncLifetime
{
    private readonly BareRedis _redis = new(); // a fresh server for each test

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task EachIdCountsOnceAndIsGoneOnceItsReportsStopForTheExpiry()
    {
        var viewers = Repository(new ViewerOptions { ExpirySeconds = 2 });
        await viewers.ReportAsync("cam", "b1", Id(1), "10.0.0.1");
        await viewers.ReportAsync("cam", "b1", Id(2), "10.0.0.2");
        Assert.Equal(new PresenceResult(PresenceOutcome.Counted, 2), await viewers.ReportAsync("cam", "b1", Id(1), "10.0.0.1"));
        Assert.Equal(2, await viewers.CountAsync("cam"));

        // Id 1 keeps reporting, id 2 stops: after the expiry only id 1 counts, and the peak stays 2.
        await Task.Delay(1200);
        await viewers.ReportAsync("cam", "b1", Id(1), "10.0.0.1");
        await Task.Delay(1200);
        Assert.Equal(1, await viewers.CountAsync("cam"));
        var peaks = await viewers.PeaksAsync(["b1", "other"]);
        Assert.Equal([2L, 0L], peaks);
    }

    [Fact]
    public async Task OneAddressCountsAtMostItsCapOfIdsAndTheChannelAtMostItsCapWhateverTheAddresses()
    {
        var viewers = Repository(new ViewerOptions { PerAddressCap = 3, PerChannelCap = 5 });
        var outcomes = new List<PresenceOutcome>();
        for (var i = 0; i < 100; i++)
        {
            outcomes.Add((await viewers.ReportAsync("flood", "b2", Id(i), "203.0.113.7")).Outcome);
        }

        Assert.Equal(3, outcomes.Count(o => o == PresenceOutcome.Counted));
        Assert.Equal(97, outcomes.Count(o => o == PresenceOutcome.AddressCapReached));
        Assert.Equal(3, await viewers.CountAsync("flood"));
        // A counted id goes on counting at the cap.
        Assert.Equal(PresenceOutcome.Counted, (await viewers.ReportAsync("flood", "b2", Id(0), "203.0.113.7")).Outcome);

        // Ids from many addresses: the channel stops at its cap.
        for (var i = 0; i < 10; i++)
        {
            await viewers.ReportAsync("flood", "b2", Id(1000 + i), $"198.51.100.{i}");
        }

        Assert.Equal(5, await viewers.CountAsync("flood"));
        Assert.Equal(PresenceOutcome.ChannelCapReached, (await viewers.ReportAsync("flood", "b2", Id(2000), "192.0.2.1")).Outcome);
        Assert.Equal(5, await _redis.Database.SortedSetLengthAsync(StoreKeys.Viewers("flood")));
        var peaks = await viewers.PeaksAsync(["b2"]);
        Assert.Equal([5L], peaks);
    }

    [Fact]
    public void AnIpv6AddressCountsByItsSlash64()
    {
        Assert.Equal("2001:db8:1:2::/64", ClientAddress.Of(System.Net.IPAddress.Parse("2001:db8:1:2:aaaa:bbbb:cccc:dddd")));
        Assert.Equal("192.0.2.9", ClientAddress.Of(System.Net.IPAddress.Parse("::ffff:192.0.2.9")));
    }

    private ViewerRepository Repository(ViewerOptions options) => new(_redis.Connection, Options.Create(options), TimeProvider.System);

    private static string Id(int n) => n.ToString("x32");
}
