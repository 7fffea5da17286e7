using StackExchange.Redis;

namespace StreamingPlatform.Api.Channels;

/// <summary>
/// Channels in Redis: a hash per channel (salt, hash of its stream key, creation time) and the set
/// <c>channels</c> as the index, so listing never scans the keyspace. The hash's <c>ladder</c> field (<c>1</c>) is the
/// channel's quality-ladder setting, read by the publish hook (<see cref="Ladder.LadderBroadcasts"/>).
/// </summary>
public sealed class ChannelRepository(IConnectionMultiplexer redis)
{
    private static readonly RedisKey IndexKey = "channels";

    private const string CreateScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], 'salt', ARGV[1], 'hash', ARGV[2], 'createdAt', ARGV[3])
        redis.call('SADD', KEYS[2], ARGV[4])
        return 1
        """;

    private const string ReplaceKeyScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('HSET', KEYS[1], 'salt', ARGV[1], 'hash', ARGV[2])
        return 1
        """;

    private const string SetLadderScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('HSET', KEYS[1], 'ladder', ARGV[1])
        return 1
        """;

    private const string DeleteScript = """
        local deleted = redis.call('DEL', KEYS[1])
        redis.call('SREM', KEYS[2], ARGV[1])
        return deleted
        """;

    private IDatabase Database => redis.GetDatabase();

    public async Task<bool> TryCreateAsync(string name, StreamKeyHash key, DateTimeOffset createdAt)
    {
        var created = await Database.ScriptEvaluateAsync(CreateScript,
            [ChannelKey(name), IndexKey],
            [key.Salt, key.Hash, createdAt.ToUnixTimeMilliseconds(), name]);
        return (int)created == 1;
    }

    public async Task<bool> TryReplaceKeyAsync(string name, StreamKeyHash key)
    {
        var replaced = await Database.ScriptEvaluateAsync(ReplaceKeyScript, [ChannelKey(name)], [key.Salt, key.Hash]);
        return (int)replaced == 1;
    }

    public async Task<bool> TrySetLadderAsync(string name, bool enabled)
    {
        var set = await Database.ScriptEvaluateAsync(SetLadderScript, [ChannelKey(name)], [enabled ? "1" : "0"]);
        return (int)set == 1;
    }

    public async Task<bool> DeleteAsync(string name)
    {
        var deleted = await Database.ScriptEvaluateAsync(DeleteScript, [ChannelKey(name), IndexKey], [name]);
        return (int)deleted == 1;
    }

    public async Task<StreamKeyHash?> GetKeyHashAsync(string name)
    {
        var fields = await Database.HashGetAsync(ChannelKey(name), ["salt", "hash"]);
        return fields[0].IsNull || fields[1].IsNull ? null : new StreamKeyHash(fields[0]!, fields[1]!);
    }

    public async Task<IReadOnlyList<Channel>> ListAsync()
    {
        var names = await Database.SetMembersAsync(IndexKey);
        var batch = Database.CreateBatch();
        var reads = names.Select(name => (Name: (string)name!, Fields: batch.HashGetAsync(ChannelKey(name!), ["createdAt", "ladder"]))).ToList();
        batch.Execute();

        var channels = new List<Channel>(reads.Count);
        foreach (var (name, read) in reads)
        {
            var fields = await read;
            if (!fields[0].IsNull)
            {
                channels.Add(new Channel(name, DateTimeOffset.FromUnixTimeMilliseconds((long)fields[0]), fields[1] == "1"));
            }
        }

        return channels.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
    }

    internal static RedisKey ChannelKey(string name) => $"channel:{name}";
}
