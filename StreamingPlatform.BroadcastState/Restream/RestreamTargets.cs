using StackExchange.Redis;

namespace StreamingPlatform.BroadcastState.Restream;

/// <summary>
/// The channels' restream targets in Redis (<see cref="StoreKeys.RestreamTargets"/>, indexed by
/// <see cref="StoreKeys.RestreamChannels"/>): the Api adds, switches and removes them, the worker reads the enabled ones.
/// </summary>
public sealed class RestreamTargets(IConnectionMultiplexer redis)
{
    private IDatabase Database => redis.GetDatabase();

    public async Task<IReadOnlyList<RestreamTarget>> ListAsync(string channel) =>
        Parse(await Database.HashValuesAsync(StoreKeys.RestreamTargets(channel)));

    public async Task<RestreamTarget?> GetAsync(string channel, string id) =>
        RestreamTarget.FromJson(await Database.HashGetAsync(StoreKeys.RestreamTargets(channel), id));

    /// <summary>False when the channel has <see cref="RestreamTargetRules.MaxTargetsPerChannel"/> targets already.</summary>
    public async Task<bool> TryAddAsync(string channel, RestreamTarget target)
    {
        var transaction = Database.CreateTransaction();
        transaction.AddCondition(Condition.HashLengthLessThan(StoreKeys.RestreamTargets(channel), RestreamTargetRules.MaxTargetsPerChannel));
        _ = transaction.HashSetAsync(StoreKeys.RestreamTargets(channel), target.Id, target.ToJson());
        _ = transaction.SetAddAsync(StoreKeys.RestreamChannels, channel);
        return await transaction.ExecuteAsync();
    }

    /// <summary>False when there is no such target (or it changed meanwhile).</summary>
    public async Task<bool> TrySetEnabledAsync(string channel, string id, bool enabled)
    {
        var stored = await Database.HashGetAsync(StoreKeys.RestreamTargets(channel), id);
        if (RestreamTarget.FromJson(stored) is not { } target)
        {
            return false;
        }

        var transaction = Database.CreateTransaction();
        transaction.AddCondition(Condition.HashEqual(StoreKeys.RestreamTargets(channel), id, stored));
        _ = transaction.HashSetAsync(StoreKeys.RestreamTargets(channel), id, (target with { Enabled = enabled }).ToJson());
        return await transaction.ExecuteAsync();
    }

    public Task<bool> RemoveAsync(string channel, string id) => Database.HashDeleteAsync(StoreKeys.RestreamTargets(channel), id);

    /// <summary>The enabled targets of each of <paramref name="channels"/> that has any: one read, plus one per channel with targets.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<RestreamTarget>>> ReadEnabledAsync(IReadOnlyList<string> channels)
    {
        var result = new Dictionary<string, IReadOnlyList<RestreamTarget>>(StringComparer.Ordinal);
        if (channels.Count == 0)
        {
            return result;
        }

        var hasTargets = await Database.SetContainsAsync(StoreKeys.RestreamChannels, channels.Select(c => (RedisValue)c).ToArray());
        var withTargets = channels.Where((_, i) => hasTargets[i]).ToList();
        var batch = Database.CreateBatch();
        var reads = withTargets.Select(c => (Channel: c, Read: batch.HashValuesAsync(StoreKeys.RestreamTargets(c)))).ToList();
        batch.Execute();
        foreach (var (channel, read) in reads)
        {
            var enabled = Parse(await read).Where(t => t.Enabled).ToList();
            if (enabled.Count > 0)
            {
                result[channel] = enabled;
            }
        }

        return result;
    }

    private static List<RestreamTarget> Parse(RedisValue[] values) =>
        values.Select(v => RestreamTarget.FromJson(v)).OfType<RestreamTarget>().OrderBy(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
}
