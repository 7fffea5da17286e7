using StackExchange.Redis;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.VodWorker.Ladder;

/// <summary>
/// Tells the Api which renditions are being made (<see cref="StoreKeys.LadderState"/>): written while FFmpeg makes progress,
/// with an expiry of one lease, so a stuck or killed transcoder drops out of the master playlist by itself.
/// </summary>
public sealed class LadderStateStore(IConnectionMultiplexer redis)
{
    private IDatabase Database => redis.GetDatabase();

    public Task PublishAsync(string channel, string stateJson, TimeSpan expiry) =>
        Database.StringSetAsync(StoreKeys.LadderState(channel), stateJson, expiry);

    /// <summary>Removes the state only if it is still this one (another broadcast of the channel may have written its own).</summary>
    public Task ClearAsync(string channel, string stateJson) =>
        StoreScripts.DeleteIfHeld.EvaluateAsync(Database, new { key = StoreKeys.LadderState(channel), holder = stateJson });
}
