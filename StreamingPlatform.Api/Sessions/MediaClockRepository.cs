using System.Diagnostics.Metrics;
using StackExchange.Redis;
using StreamingPlatform.Api.Infrastructure;
using StreamingPlatform.BroadcastState;

namespace StreamingPlatform.Api.Sessions;

/// <summary>
/// The media clock of each live connection, in Redis as the hash <see cref="StoreKeys.MediaClock"/>. The publish seeds it with the
/// publish time (<see cref="SessionRepository.PublishAsync"/>); every heartbeat (nginx's on_update carries <c>timestamp</c>, the RTMP timestamp of the last frame
/// nginx received) gives a candidate "timestamp 0 was sent at arrival - timestamp", and the clock keeps the earliest:
/// a heartbeat after a frame that was held up in the network (or a hook call that was delayed) only ever gives a later
/// one. A new connection (a reconnect restarts the timestamps at 0) replaces the clock. There is one clock per channel,
/// kept as long as the channel (<see cref="Channels.ChannelRepository.DeleteAsync"/> deletes it), so it has no expiry.
/// </summary>
public sealed class MediaClockRepository(IConnectionMultiplexer redis)
{
    private static readonly Histogram<long> Lag = ApiTelemetry.Meter.CreateHistogram<long>(
        "streaming.media_clock.lag", unit: "ms",
        description: "How much later than the connection's best heartbeat a frame reached nginx: the publisher's network and encoder jitter.");

    private IDatabase Database => redis.GetDatabase();

    /// <summary>
    /// A heartbeat of <paramref name="owner"/> arrived at <paramref name="arrivedAt"/> after nginx had received the frame with
    /// RTMP timestamp <paramref name="timestamp"/> (ms).
    /// </summary>
    public async Task ObserveAsync(string name, string owner, DateTimeOffset arrivedAt, long timestamp)
    {
        var lag = (long)await StoreScripts.ObserveMediaClock.EvaluateAsync(Database, new
        {
            clock = StoreKeys.MediaClock(name),
            owner,
            arrivedAt = arrivedAt.ToUnixTimeMilliseconds(),
            timestamp,
        });
        Lag.Record(lag);
    }

    public async Task<StoredMediaClock?> GetAsync(string name)
    {
        try
        {
            var values = await Database.HashGetAsync(StoreKeys.MediaClock(name), ["owner", "connectedAt", "zeroAt", "measured"]);
            return values[0].IsNull ? null : new StoredMediaClock(values[0]!, (long)values[1], (long)values[2], values[3] == 1);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
        {
            return null; // a clock of the version before (a JSON string), until the next heartbeat replaces it
        }
    }

    /// <summary>
    /// nginx sends the RTMP timestamp (an unsigned 32-bit count of milliseconds) as a signed 32-bit number: past 24.8
    /// days of streaming it arrives negative. Null when the field is missing or not a number.
    /// </summary>
    public static long? ParseTimestamp(string? field) =>
        long.TryParse(field, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value is >= int.MinValue and <= uint.MaxValue
            ? value < 0 ? value + (1L << 32) : value
            : null;
}
