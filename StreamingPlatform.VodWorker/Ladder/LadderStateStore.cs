using StackExchange.Redis;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.VodWorker.Ladder;

/// <summary>
/// Tells the Api which renditions are being made (<see cref="LadderKeys.State"/>): written while FFmpeg makes progress,
/// with an expiry of one lease, so a stuck or killed transcoder drops out of the master playlist by itself.
/// </summary>
public sealed class LadderStateStore(IConnectionMultiplexer redis)
{
    private const string ClearScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private IDatabase Database => redis.GetDatabase();

    public Task PublishAsync(string channel, string stateJson, TimeSpan expiry) =>
        Database.StringSetAsync(LadderKeys.State(channel), stateJson, expiry);

    /// <summary>Removes the state only if it is still this one (another broadcast of the channel may have written its own).</summary>
    public Task ClearAsync(string channel, string stateJson) =>
        Database.ScriptEvaluateAsync(ClearScript, [LadderKeys.State(channel)], [stateJson]);
}
