using StackExchange.Redis;

namespace StreamingPlatform.BroadcastState.Realtime;

/// <summary>
/// Which channels' relays feed Janus now (<see cref="StoreKeys.RealtimeRelay"/>): the worker marks its broadcast while
/// Janus receives its packets (renewed every round, expiring by itself), the Api tells the watch page.
/// </summary>
public sealed class RealtimeRelays(IConnectionMultiplexer redis)
{
    public Task MarkAsync(string channel, string broadcastId, TimeSpan lifetime) =>
        redis.GetDatabase().StringSetAsync(StoreKeys.RealtimeRelay(channel), broadcastId, lifetime);

    public Task ClearAsync(string channel, string broadcastId) =>
        StoreScripts.DeleteIfHeld.EvaluateAsync(redis.GetDatabase(), new { key = StoreKeys.RealtimeRelay(channel), holder = broadcastId });

    public async Task<bool> IsRelayedAsync(string channel, string broadcastId) =>
        await redis.GetDatabase().StringGetAsync(StoreKeys.RealtimeRelay(channel)) == broadcastId;
}
