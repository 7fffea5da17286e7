using StackExchange.Redis;

namespace StreamingPlatform.Api.Viewers;

/// <summary>
/// Every Redis key of the viewer counts. <c>viewers:{channel}</c>: sorted set of viewer ids by the time (ms, Redis's
/// clock) they count as gone; <c>viewers:{channel}:from:{address}</c>: the same for the ids one address brought (its cap);
/// both expire with their last member. <c>viewers:peak:{broadcast}</c>: the broadcast's peak count, kept for its VOD and
/// deleted with it.
/// </summary>
public static class ViewerKeys
{
    public const string PeakPrefix = "viewers:peak:";

    public static RedisKey Viewers(string channel) => $"viewers:{channel}";

    public static RedisKey FromAddress(string channel, string address) => $"viewers:{channel}:from:{address}";

    public static RedisKey Peak(string broadcastId) => PeakPrefix + broadcastId;
}
