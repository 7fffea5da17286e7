using Microsoft.Extensions.Options;
using StackExchange.Redis;
using StreamingPlatform.BroadcastState;

namespace StreamingPlatform.Api.Viewers;

/// <summary>Who watches each live channel, in Redis (keys in <see cref="StoreKeys"/>), and each broadcast's peak.</summary>
public sealed class ViewerRepository(IConnectionMultiplexer redis, IOptions<ViewerOptions> options, TimeProvider time)
{
    private IDatabase Database => redis.GetDatabase();

    /// <summary>
    /// Counts <paramref name="viewerId"/> on <paramref name="channel"/> (live, broadcast <paramref name="broadcastId"/>)
    /// for the expiry, unless a cap refuses a new id; <paramref name="address"/> names where the report came from.
    /// </summary>
    public async Task<PresenceResult> ReportAsync(string channel, string broadcastId, string viewerId, string address)
    {
        var settings = options.Value;
        var result = (RedisResult[])(await StoreScripts.ReportPresence.EvaluateAsync(Database, new
        {
            viewers = StoreKeys.Viewers(channel),
            watchedChannels = StoreKeys.WatchedChannels,
            channel,
            fromAddress = StoreKeys.ViewersFromAddress(channel, address),
            peak = StoreKeys.PeakViewers(broadcastId),
            viewer = viewerId,
            expiryMs = (long)settings.Expiry.TotalMilliseconds,
            perAddressCap = settings.PerAddressCap,
            perChannelCap = settings.PerChannelCap,
        }))!;
        return new PresenceResult((PresenceOutcome)(int)result[0], (long)result[1]);
    }

    /// <summary>The viewers of each channel now, in one round trip.</summary>
    public async Task<long[]> CountAsync(IReadOnlyList<string> channels)
    {
        if (channels.Count == 0)
        {
            return [];
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var batch = Database.CreateBatch();
        var counts = channels.Select(c => batch.SortedSetLengthAsync(StoreKeys.Viewers(c), now, double.PositiveInfinity, Exclude.Start)).ToArray();
        batch.Execute();
        return await Task.WhenAll(counts);
    }

    public async Task<long> CountAsync(string channel) => (await CountAsync([channel]))[0];

    /// <summary>
    /// The channels someone watches now: O(watched channels), not O(live channels), so the gauge costs nothing on a
    /// server with thousands of streams nobody watches. Channels whose last viewer is gone leave the index here.
    /// </summary>
    public async Task<IReadOnlyList<string>> WatchedChannelsAsync()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var transaction = Database.CreateTransaction();
        _ = transaction.SortedSetRemoveRangeByScoreAsync(StoreKeys.WatchedChannels, double.NegativeInfinity, now);
        var watched = transaction.SortedSetRangeByRankAsync(StoreKeys.WatchedChannels);
        await transaction.ExecuteAsync();
        return (await watched).Select(c => (string)c!).ToList();
    }

    /// <summary>The broadcasts' peak viewer counts (0 where nobody reported).</summary>
    public async Task<long[]> PeaksAsync(IReadOnlyList<string> broadcastIds)
    {
        if (broadcastIds.Count == 0)
        {
            return [];
        }

        var values = await Database.StringGetAsync(broadcastIds.Select(StoreKeys.PeakViewers).ToArray());
        return values.Select(v => v.IsNull ? 0 : (long)v).ToArray();
    }

    public Task DeletePeakAsync(string broadcastId) => Database.KeyDeleteAsync(StoreKeys.PeakViewers(broadcastId));
}
