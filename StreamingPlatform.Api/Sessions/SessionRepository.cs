using System.Text.Json;
using StackExchange.Redis;

namespace StreamingPlatform.Api.Sessions;

/// <summary>
/// Live sessions in Redis. <c>session:{name}</c> holds the session as JSON under a lease (SET NX PX): the key
/// existing is what makes a name live, so a crashed nginx frees its names when the leases run out. The set
/// <c>sessions:live</c> indexes them; members whose lease expired are pruned when read.
/// </summary>
public sealed class SessionRepository(IConnectionMultiplexer redis)
{
    private static readonly RedisKey LiveIndexKey = "sessions:live";

    private const string StartScript = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
          redis.call('SADD', KEYS[2], ARGV[3])
          return 1
        end
        return 0
        """;

    private const string RenewScript = """
        local value = redis.call('GET', KEYS[1])
        if not value then return -1 end
        if cjson.decode(value).owner ~= ARGV[1] then return 0 end
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
        """;

    private const string EndScript = """
        local value = redis.call('GET', KEYS[1])
        if not value or cjson.decode(value).owner ~= ARGV[1] then return 0 end
        redis.call('DEL', KEYS[1])
        redis.call('SREM', KEYS[2], ARGV[2])
        return 1
        """;

    // Re-checked inside Redis: a name pruned here may have gone live again since it was read.
    private const string PruneScript = """
        for i = 2, #KEYS do
          if redis.call('EXISTS', KEYS[i]) == 0 then redis.call('SREM', KEYS[1], ARGV[i - 1]) end
        end
        return 0
        """;

    private IDatabase Database => redis.GetDatabase();

    /// <summary>Claims the name for this session; false when another session holds it.</summary>
    public async Task<bool> TryStartAsync(PublishSession session, TimeSpan lease)
    {
        var json = JsonSerializer.Serialize(session, SessionJsonContext.Default.PublishSession);
        var started = await Database.ScriptEvaluateAsync(StartScript,
            [SessionKey(session.Channel), LiveIndexKey],
            [json, (long)lease.TotalMilliseconds, session.Channel]);
        return (int)started == 1;
    }

    public async Task<RenewResult> RenewAsync(string name, string owner, TimeSpan lease)
    {
        var renewed = (int)await Database.ScriptEvaluateAsync(RenewScript, [SessionKey(name)], [owner, (long)lease.TotalMilliseconds]);
        return renewed switch
        {
            1 => RenewResult.Renewed,
            0 => RenewResult.NotOwner,
            _ => RenewResult.Missing,
        };
    }

    /// <summary>Ends the session only when <paramref name="owner"/> holds it; a refused duplicate ends nothing.</summary>
    public async Task<bool> EndAsync(string name, string owner)
    {
        var ended = await Database.ScriptEvaluateAsync(EndScript, [SessionKey(name), LiveIndexKey], [owner, name]);
        return (int)ended == 1;
    }

    public async Task<PublishSession?> GetAsync(string name) => Parse(await Database.StringGetAsync(SessionKey(name)));

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

    private static RedisKey SessionKey(string name) => $"session:{name}";
}
