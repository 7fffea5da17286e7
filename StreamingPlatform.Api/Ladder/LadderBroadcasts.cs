using StackExchange.Redis;
using StreamingPlatform.Api.Channels;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.Api.Ladder;

/// <summary>
/// Which broadcasts want a ladder, decided at publish time from the channel's setting and written for the VodWorker's
/// transcoder (<see cref="LadderKeys.Broadcasts"/>: channel → broadcast id). One script, one round trip per publish.
/// A mark of an earlier broadcast is simply overwritten or removed by the channel's next publish; the worker only
/// trusts a mark that names the live broadcast.
/// </summary>
public sealed class LadderBroadcasts(IConnectionMultiplexer redis)
{
    private const string MarkScript = """
        if redis.call('HGET', KEYS[1], 'ladder') == '1' then
          redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
          return 1
        end
        redis.call('HDEL', KEYS[2], ARGV[1])
        return 0
        """;

    /// <summary>Marks the broadcast when its channel has the ladder on (and unmarks the channel otherwise); true when marked.</summary>
    public async Task<bool> MarkAsync(string channel, string broadcastId) =>
        (int)await redis.GetDatabase().ScriptEvaluateAsync(MarkScript,
            [ChannelRepository.ChannelKey(channel), LadderKeys.Broadcasts], [channel, broadcastId]) == 1;
}
