using System.Diagnostics.Metrics;
using System.Text.Json;
using StackExchange.Redis;
using StreamingPlatform.Api.Infrastructure;

namespace StreamingPlatform.Api.Sessions;

/// <summary>
/// The media clock of each live connection, in Redis under <c>mediaclock:{name}</c>. The publish seeds it with the
/// publish time; every heartbeat (nginx's on_update carries <c>timestamp</c>, the RTMP timestamp of the last frame
/// nginx received) gives a candidate "timestamp 0 was sent at arrival - timestamp", and the clock keeps the earliest:
/// a heartbeat after a frame that was held up in the network (or a hook call that was delayed) only ever gives a later
/// one. A new connection (a reconnect restarts the timestamps at 0) replaces the clock.
/// </summary>
public sealed class MediaClockRepository(IConnectionMultiplexer redis)
{
    // Outlives any gap between heartbeats; the stream API shows a clock only while its connection owns the session.
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    private static readonly Meter Meter = new(ApiTelemetry.Name);

    private static readonly Histogram<long> Lag = Meter.CreateHistogram<long>(
        "streaming.media_clock.lag", unit: "ms",
        description: "How much later than the connection's best heartbeat a frame reached nginx: the publisher's network and encoder jitter.");

    private const string StartScript = """
        redis.call('SET', KEYS[1], cjson.encode({owner = ARGV[1], connectedAt = tonumber(ARGV[2]), zeroAt = tonumber(ARGV[2]), measured = false}), 'PX', ARGV[3])
        return 0
        """;

    // Returns how much later than the best estimate this heartbeat's frame arrived (ms).
    private const string ObserveScript = """
        local zero = tonumber(ARGV[2]) - tonumber(ARGV[3])
        local value = redis.call('GET', KEYS[1])
        local clock = value and cjson.decode(value)
        if not clock or clock.owner ~= ARGV[1] then
          clock = {owner = ARGV[1], connectedAt = zero, zeroAt = zero, measured = true}
        elseif not clock.measured or zero < clock.zeroAt then
          clock.zeroAt = zero
          clock.measured = true
        end
        redis.call('SET', KEYS[1], cjson.encode(clock), 'PX', ARGV[4])
        return zero - clock.zeroAt
        """;

    private IDatabase Database => redis.GetDatabase();

    /// <summary>A new connection published at <paramref name="connectedAt"/>: its first estimate, until a heartbeat measures it.</summary>
    public Task StartAsync(string name, string owner, DateTimeOffset connectedAt) =>
        Database.ScriptEvaluateAsync(StartScript, [Key(name)], [owner, connectedAt.ToUnixTimeMilliseconds(), (long)Retention.TotalMilliseconds]);

    /// <summary>
    /// A heartbeat of <paramref name="owner"/> arrived at <paramref name="arrivedAt"/> after nginx had received the frame with
    /// RTMP timestamp <paramref name="timestamp"/> (ms).
    /// </summary>
    public async Task ObserveAsync(string name, string owner, DateTimeOffset arrivedAt, long timestamp)
    {
        var lag = (long)await Database.ScriptEvaluateAsync(ObserveScript,
            [Key(name)], [owner, arrivedAt.ToUnixTimeMilliseconds(), timestamp, (long)Retention.TotalMilliseconds]);
        Lag.Record(lag);
    }

    public async Task<StoredMediaClock?> GetAsync(string name)
    {
        var value = await Database.StringGetAsync(Key(name));
        return value.IsNull ? null : JsonSerializer.Deserialize((string)value!, MediaClockJsonContext.Default.StoredMediaClock);
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

    private static RedisKey Key(string name) => $"mediaclock:{name}";
}
