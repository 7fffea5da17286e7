using System.Text.Json;
using StackExchange.Redis;
using StreamingPlatform.Api.Outbox;

namespace StreamingPlatform.Api.Sessions;

/// <summary>
/// Live sessions in Redis. <c>session:{name}</c> holds the session as JSON under a lease (SET NX PX): the key
/// existing is what makes a name live, so a crashed nginx frees its names when the leases run out. The set
/// <c>sessions:live</c> indexes them; members whose lease expired are pruned when read. <c>resume:{name}</c> keeps an
/// ended connection's session for the reconnect grace window. The hash <c>sessions:open</c> (name to session) holds
/// every broadcast from its publish to its publish_done, lease or not: a lease that ran out while nobody could renew it
/// (the Api away, nginx answering heartbeats for it) does not end the broadcast; the next heartbeat continues it, and
/// <see cref="EndExpiredAsync"/> ends it when no heartbeat comes. The sorted set <c>sessions:deadlines</c> (name by
/// lease deadline, Redis's own clock, as the leases) indexes the open broadcasts, so finding the lapsed ones reads only
/// those, however many streams are live.
/// </summary>
public sealed class SessionRepository(IConnectionMultiplexer redis)
{
    private static readonly RedisKey LiveIndexKey = "sessions:live";
    private static readonly RedisKey OpenKey = "sessions:open";
    private static readonly RedisKey DeadlinesKey = "sessions:deadlines";

    // Claims the name. A broadcast still open (its lease ran out, no publish_done came) is continued by the new
    // connection: same session id, start and trace. So is one in its reconnect grace window (resume:<name>), whose
    // pending BroadcastEnded is cancelled.
    private const string StartScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return false end
        local session = ARGV[1]
        local open = redis.call('HGET', KEYS[7], ARGV[3])
        local previous = redis.call('GET', KEYS[3])
        if open then
          local s = cjson.decode(open)
          local fresh = cjson.decode(ARGV[1])
          s.node = fresh.node
          s.clientId = fresh.clientId
          s.owner = fresh.owner
          session = cjson.encode(s)
        elseif previous then
          redis.call('DEL', KEYS[3])
          local s = cjson.decode(previous)
          local ended = 'BroadcastEnded:' .. s.id
          if redis.call('ZREM', KEYS[4], ended) == 1 then
            redis.call('HDEL', KEYS[5], ended)
            local fresh = cjson.decode(ARGV[1])
            s.node = fresh.node
            s.clientId = fresh.clientId
            s.owner = fresh.owner
            session = cjson.encode(s)
          end
        end
        redis.call('SET', KEYS[1], session, 'PX', ARGV[2])
        redis.call('SADD', KEYS[2], ARGV[3])
        redis.call('HSET', KEYS[7], ARGV[3], session)
        redis.call('SET', KEYS[6], session, 'PX', ARGV[4])
        local now = redis.call('TIME')
        redis.call('ZADD', KEYS[8], now[1] * 1000 + math.floor(now[2] / 1000) + tonumber(ARGV[2]), ARGV[3])
        return session
        """;

    // A connection's recordings belong to the broadcast it published, even when its record_done arrives after the
    // phone has reconnected and the broadcast moved to the new connection.
    private static readonly TimeSpan ConnectionMemory = TimeSpan.FromDays(1);

    private const string RenewScript = """
        local value = redis.call('GET', KEYS[1])
        if not value then return -1 end
        if cjson.decode(value).owner ~= ARGV[1] then return 0 end
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        local now = redis.call('TIME')
        redis.call('ZADD', KEYS[2], now[1] * 1000 + math.floor(now[2] / 1000) + tonumber(ARGV[2]), ARGV[3])
        return 1
        """;

    // Ends the owner's connection, also when its lease already ran out (the open broadcast). The broadcast stays
    // resumable for the grace window; BroadcastEnded is queued in the outbox for when the window closes.
    private const string EndScript = """
        local name = ARGV[2]
        local value = redis.call('GET', KEYS[1]) or redis.call('HGET', KEYS[6], name)
        if not value then return false end
        local s = cjson.decode(value)
        if s.owner ~= ARGV[1] then return false end
        """ + "\n" + CloseBroadcast;

    // Ends an open broadcast whose lease ran out and was not renewed: as publish_done would have, had it arrived.
    // Re-checked inside Redis: nothing happens when the name is live again or the open broadcast is another one.
    private const string EndExpiredScript = """
        local name = ARGV[1]
        if redis.call('EXISTS', KEYS[1]) == 1 then return false end
        local value = redis.call('HGET', KEYS[6], name)
        if not value then return false end
        local s = cjson.decode(value)
        if s.id ~= ARGV[2] then return false end
        """ + "\n" + CloseBroadcast;

    // The end both ways share, for broadcast `s` (stored as `value`) of channel `name`: off the live, open and deadline
    // indexes, BroadcastEnded due when the grace window (ARGV[3] ms) closes at ARGV[5], resumable until then.
    private const string CloseBroadcast = """
        redis.call('DEL', KEYS[1])
        redis.call('SREM', KEYS[2], name)
        redis.call('HDEL', KEYS[6], name)
        redis.call('ZREM', KEYS[7], name)
        local ended = 'BroadcastEnded:' .. s.id
        redis.call('HSET', KEYS[5], ended, cjson.encode({sessionId = s.id, channel = s.channel, endedAt = ARGV[4], traceParent = ARGV[6]}))
        redis.call('ZADD', KEYS[4], ARGV[5], ended)
        if tonumber(ARGV[3]) > 0 then
          redis.call('SET', KEYS[3], value, 'PX', ARGV[3])
        end
        return value
        """;

    // The open broadcasts whose lease deadline passed and whose lease key is gone, the longest lapsed first and at most
    // ARGV[2] of them (a script blocks Redis: a crashed nginx's thousands of streams are handled a batch per pass);
    // index entries of broadcasts no longer open are dropped on the way.
    private const string ListExpiredScript = """
        local now = redis.call('TIME')
        local names = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now[1] * 1000 + math.floor(now[2] / 1000), 'LIMIT', 0, ARGV[2])
        local expired = {}
        for _, name in ipairs(names) do
          local open = redis.call('HGET', KEYS[2], name)
          if not open then
            redis.call('ZREM', KEYS[1], name)
          elseif redis.call('EXISTS', ARGV[1] .. name) == 0 then
            table.insert(expired, open)
          end
        end
        return expired
        """;

    // Re-checked inside Redis: a name pruned here may have gone live again since it was read.
    private const string PruneScript = """
        for i = 2, #KEYS do
          if redis.call('EXISTS', KEYS[i]) == 0 then redis.call('SREM', KEYS[1], ARGV[i - 1]) end
        end
        return 0
        """;

    private IDatabase Database => redis.GetDatabase();

    /// <summary>
    /// Claims the name for <paramref name="session"/>, or for the broadcast it continues; null when another
    /// session holds the name.
    /// </summary>
    public async Task<PublishSession?> StartAsync(PublishSession session, TimeSpan lease)
    {
        var json = JsonSerializer.Serialize(session, SessionJsonContext.Default.PublishSession);
        var started = await Database.ScriptEvaluateAsync(StartScript,
            [SessionKey(session.Channel), LiveIndexKey, ResumeKey(session.Channel), OutboxRepository.DueKey, OutboxRepository.PayloadsKey, ConnectionKey(session.Owner), OpenKey, DeadlinesKey],
            [json, (long)lease.TotalMilliseconds, session.Channel, (long)ConnectionMemory.TotalMilliseconds]);
        return Parse((RedisValue)started);
    }

    public async Task<RenewResult> RenewAsync(string name, string owner, TimeSpan lease)
    {
        var renewed = (int)await Database.ScriptEvaluateAsync(RenewScript, [SessionKey(name), DeadlinesKey], [owner, (long)lease.TotalMilliseconds, name]);
        return renewed switch
        {
            1 => RenewResult.Renewed,
            0 => RenewResult.NotOwner,
            _ => RenewResult.Missing,
        };
    }

    /// <summary>
    /// Ends the connection of <paramref name="owner"/> (a refused duplicate ends nothing) and returns its session.
    /// The broadcast ends for good <paramref name="grace"/> later unless the channel publishes again; its
    /// BroadcastEnded continues the trace <paramref name="traceParent"/>.
    /// </summary>
    public async Task<PublishSession?> EndAsync(string name, string owner, DateTimeOffset now, TimeSpan grace, string? traceParent)
    {
        var ended = await Database.ScriptEvaluateAsync(EndScript,
            [SessionKey(name), LiveIndexKey, ResumeKey(name), OutboxRepository.DueKey, OutboxRepository.PayloadsKey, OpenKey, DeadlinesKey],
            [owner, name, (long)grace.TotalMilliseconds, now.ToString("O"), (now + grace).ToUnixTimeMilliseconds(), traceParent ?? ""]);
        return Parse((RedisValue)ended);
    }

    /// <summary>
    /// Ends the open broadcast <paramref name="sessionId"/> of <paramref name="name"/> if its lease is still gone, as
    /// publish_done would have; null when it was renewed or already ended meanwhile.
    /// </summary>
    public async Task<PublishSession?> EndExpiredAsync(string name, string sessionId, DateTimeOffset now, TimeSpan grace, string? traceParent)
    {
        var ended = await Database.ScriptEvaluateAsync(EndExpiredScript,
            [SessionKey(name), LiveIndexKey, ResumeKey(name), OutboxRepository.DueKey, OutboxRepository.PayloadsKey, OpenKey, DeadlinesKey],
            [name, sessionId, (long)grace.TotalMilliseconds, now.ToString("O"), (now + grace).ToUnixTimeMilliseconds(), traceParent ?? ""]);
        return Parse((RedisValue)ended);
    }

    /// <summary>The open broadcasts (publish seen, publish_done not) whose lease has run out, longest lapsed first.</summary>
    public async Task<IReadOnlyList<PublishSession>> ListExpiredOpenAsync(int atMost)
    {
        var expired = (RedisValue[]?)await Database.ScriptEvaluateAsync(ListExpiredScript, [DeadlinesKey, OpenKey], [SessionKeyPrefix, atMost]);
        return (expired ?? []).Select(Parse).OfType<PublishSession>().ToList();
    }

    /// <summary>The channel's open broadcast (publish seen, publish_done not), whether its lease runs or ran out.</summary>
    public async Task<PublishSession?> GetOpenAsync(string name) => Parse(await Database.HashGetAsync(OpenKey, name));

    /// <summary>The broadcast that the connection <paramref name="owner"/> published, or null.</summary>
    public async Task<PublishSession?> SessionOfConnectionAsync(string owner) => Parse(await Database.StringGetAsync(ConnectionKey(owner)));

    /// <summary>The channel's last broadcast while it may still be resumed (within the reconnect grace window).</summary>
    public async Task<PublishSession?> GetResumableAsync(string name) => Parse(await Database.StringGetAsync(ResumeKey(name)));

    public async Task<PublishSession?> GetAsync(string name) => Parse(await Database.StringGetAsync(SessionKey(name)));

    /// <summary>
    /// The size of the live index in O(1): members whose lease ran out count until the next <see cref="ListLiveAsync"/>
    /// prunes them (every viewer's home page does, every few seconds).
    /// </summary>
    public Task<long> CountLiveAsync() => Database.SetLengthAsync(LiveIndexKey);

    public async Task<IReadOnlyList<PublishSession>> ListLiveAsync()
    {
        var names = await Database.SetMembersAsync(LiveIndexKey);
        if (names.Length == 0)
        {
            return [];
        }

        var values = await Database.StringGetAsync(names.Select(n => SessionKey(n!)).ToArray());
        var live = new List<PublishSession>(names.Length);
        var expired = new List<RedisValue>();
        for (var i = 0; i < names.Length; i++)
        {
            if (Parse(values[i]) is { } session)
            {
                live.Add(session);
            }
            else
            {
                expired.Add(names[i]);
            }
        }

        if (expired.Count > 0)
        {
            await Database.ScriptEvaluateAsync(PruneScript,
                [LiveIndexKey, .. expired.Select(n => SessionKey(n!))],
                expired.ToArray());
        }

        return live.OrderBy(s => s.StartedAt).ToList();
    }

    private static PublishSession? Parse(RedisValue value) =>
        value.IsNull ? null : JsonSerializer.Deserialize((string)value!, SessionJsonContext.Default.PublishSession);

    private const string SessionKeyPrefix = "session:";

    private static RedisKey SessionKey(string name) => SessionKeyPrefix + name;

    private static RedisKey ResumeKey(string name) => $"resume:{name}";

    private static RedisKey ConnectionKey(string owner) => $"connection:{owner}";
}
