using StackExchange.Redis;
using StreamingPlatform.BroadcastState;

namespace StreamingPlatform.Api.Channels;

/// <summary>
/// Channels in Redis: a hash per channel (<see cref="StoreKeys.Channel"/>: salt, hash of its stream key, creation time) and
/// the set <see cref="StoreKeys.Channels"/> as the index, so listing never scans the keyspace. The hash's <c>ladder</c>
/// field (<c>1</c>) is the channel's quality-ladder setting, read by the publish script (<c>publish.lua</c>).
/// </summary>
public sealed class ChannelRepository(IConnectionMultiplexer redis)
{
    private IDatabase Database => redis.GetDatabase();

    public async Task<bool> TryCreateAsync(string name, StreamKeyHash key, DateTimeOffset createdAt)
    {
        var transaction = Database.CreateTransaction();
        transaction.AddCondition(Condition.KeyNotExists(StoreKeys.Channel(name)));
        _ = transaction.HashSetAsync(StoreKeys.Channel(name),
            [new("salt", key.Salt), new("hash", key.Hash), new("createdAt", createdAt.ToUnixTimeMilliseconds())]);
        _ = transaction.SetAddAsync(StoreKeys.Channels, name);
        return await transaction.ExecuteAsync();
    }

    public async Task<bool> TryReplaceKeyAsync(string name, StreamKeyHash key)
    {
        var transaction = Database.CreateTransaction();
        transaction.AddCondition(Condition.KeyExists(StoreKeys.Channel(name)));
        _ = transaction.HashSetAsync(StoreKeys.Channel(name), [new("salt", key.Salt), new("hash", key.Hash)]);
        return await transaction.ExecuteAsync();
    }

    public async Task<bool> TrySetLadderAsync(string name, bool enabled)
    {
        var transaction = Database.CreateTransaction();
        transaction.AddCondition(Condition.KeyExists(StoreKeys.Channel(name)));
        _ = transaction.HashSetAsync(StoreKeys.Channel(name), "ladder", enabled ? "1" : "0");
        return await transaction.ExecuteAsync();
    }

    public Task<bool> ExistsAsync(string name) => Database.KeyExistsAsync(StoreKeys.Channel(name));

    /// <summary>Deletes the channel, its restream targets and its media clock: a channel created later with the name starts without any.</summary>
    public async Task<bool> DeleteAsync(string name)
    {
        var transaction = Database.CreateTransaction();
        var deleted = transaction.KeyDeleteAsync(StoreKeys.Channel(name));
        _ = transaction.SetRemoveAsync(StoreKeys.Channels, name);
        _ = transaction.KeyDeleteAsync(StoreKeys.RestreamTargets(name));
        _ = transaction.SetRemoveAsync(StoreKeys.RestreamChannels, name);
        _ = transaction.KeyDeleteAsync(StoreKeys.MediaClock(name));
        await transaction.ExecuteAsync();
        return await deleted;
    }

    public async Task<StreamKeyHash?> GetKeyHashAsync(string name)
    {
        var fields = await Database.HashGetAsync(StoreKeys.Channel(name), ["salt", "hash"]);
        return fields[0].IsNull || fields[1].IsNull ? null : new StreamKeyHash(fields[0]!, fields[1]!);
    }

    public async Task<IReadOnlyList<Channel>> ListAsync()
    {
        var names = await Database.SetMembersAsync(StoreKeys.Channels);
        var batch = Database.CreateBatch();
        var reads = names.Select(name => (Name: (string)name!, Fields: batch.HashGetAsync(StoreKeys.Channel(name!), ["createdAt", "ladder"]))).ToList();
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
}
