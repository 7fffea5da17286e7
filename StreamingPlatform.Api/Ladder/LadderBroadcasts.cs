using StackExchange.Redis;
using StreamingPlatform.BroadcastState;

namespace StreamingPlatform.Api.Ladder;

/// <summary>
/// Which broadcasts want a ladder, decided at publish time from the channel's setting and written for the VodWorker's
/// transcoder (<see cref="StoreKeys.LadderBroadcasts"/>: channel → broadcast id). One script (<c>mark-ladder-broadcast.lua</c>), one round trip per publish.
/// A mark of an earlier broadcast is simply overwritten or removed by the channel's next publish; the worker only
/// trusts a mark that names the live broadcast.
/// </summary>
public sealed class LadderBroadcasts(IConnectionMultiplexer redis)
{
    /// <summary>Marks the broadcast when its channel has the ladder on (and unmarks the channel otherwise); true when marked.</summary>
    public async Task<bool> MarkAsync(string channel, string broadcastId) =>
        (int)await StoreScripts.MarkLadderBroadcast.EvaluateAsync(redis.GetDatabase(), new
        {
            channelKey = StoreKeys.Channel(channel),
            ladderBroadcasts = StoreKeys.LadderBroadcasts,
            channel,
            broadcastId,
        }) == 1;
}
