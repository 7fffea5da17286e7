using StackExchange.Redis;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.VodWorker.Live;

namespace StreamingPlatform.VodWorker.Ladder;

/// <summary>
/// Which live broadcasts want a ladder: the live ones (<see cref="LiveBroadcastReader"/>) whose broadcast the publish hook
/// marked in <see cref="StoreKeys.LadderBroadcasts"/>. The mark names the broadcast, so a stale mark of an earlier
/// broadcast of the channel never counts. Three reads a round.
/// </summary>
public sealed class LadderBroadcastReader(LiveBroadcastReader live, IConnectionMultiplexer redis)
{
    public async Task<IReadOnlyList<LiveBroadcast>> ReadAsync()
    {
        var broadcasts = await live.ReadAsync();
        if (broadcasts.Count == 0)
        {
            return [];
        }

        var marks = await redis.GetDatabase().HashGetAsync(StoreKeys.LadderBroadcasts, broadcasts.Select(b => (RedisValue)b.Channel).ToArray());
        return broadcasts.Where((broadcast, i) => broadcast.BroadcastId == (string?)marks[i]).ToList();
    }
}
