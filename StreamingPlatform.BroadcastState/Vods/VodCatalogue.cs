using System.Globalization;
using StackExchange.Redis;

namespace StreamingPlatform.BroadcastState.Vods;

/// <summary>
/// The VOD catalogue, its one owner: hash <see cref="StoreKeys.Vod"/> per VOD and the newest-first indexes
/// <see cref="StoreKeys.Vods"/> and <see cref="StoreKeys.ChannelVods"/> (scored by the broadcast's start). The VodWorker
/// saves and restores entries, the Api lists and deletes them. A deletion leaves a tombstone for
/// <see cref="TombstoneLifetime"/>, so a late or redelivered build of that broadcast cannot bring it back.
/// </summary>
public sealed class VodCatalogue(IConnectionMultiplexer redis)
{
    /// <summary>Longer than any redelivery of a broadcast's messages (the worker retries for minutes).</summary>
    public static readonly TimeSpan TombstoneLifetime = TimeSpan.FromDays(30);

    private static readonly RedisValue[] Fields =
        ["channel", "startedAt", "durationSeconds", "sizeBytes", "status", "sources", "reason", "videoFile", "posterFile", "updatedAt"];

    private IDatabase Database => redis.GetDatabase();

    /// <summary>Adds or replaces the entry; false when the VOD was deleted (nothing is written then).</summary>
    public async Task<bool> SaveAsync(VodRecord vod)
    {
        var transaction = Database.CreateTransaction();
        transaction.AddCondition(Condition.KeyNotExists(StoreKeys.DeletedVod(vod.Id)));
        Write(transaction, vod);
        return await transaction.ExecuteAsync();
    }

    /// <summary>Adds the entry only when the catalogue has none and it was not deleted: a newer build is never replaced.</summary>
    public async Task<bool> RestoreAsync(VodRecord vod)
    {
        var transaction = Database.CreateTransaction();
        transaction.AddCondition(Condition.KeyNotExists(StoreKeys.Vod(vod.Id)));
        transaction.AddCondition(Condition.KeyNotExists(StoreKeys.DeletedVod(vod.Id)));
        Write(transaction, vod);
        return await transaction.ExecuteAsync();
    }

    /// <summary>Removes the entry and leaves its tombstone; false when there was no entry.</summary>
    public async Task<bool> DeleteAsync(VodRecord vod)
    {
        var transaction = Database.CreateTransaction();
        var deleted = transaction.KeyDeleteAsync(StoreKeys.Vod(vod.Id));
        _ = transaction.SortedSetRemoveAsync(StoreKeys.Vods, vod.Id);
        _ = transaction.SortedSetRemoveAsync(StoreKeys.ChannelVods(vod.Channel), vod.Id);
        _ = transaction.StringSetAsync(StoreKeys.DeletedVod(vod.Id), "1", TombstoneLifetime);
        await transaction.ExecuteAsync();
        return await deleted;
    }

    public Task<bool> IsDeletedAsync(string id) => Database.KeyExistsAsync(StoreKeys.DeletedVod(id));

    public async Task<VodRecord?> GetAsync(string id)
    {
        var values = await Database.HashGetAsync(StoreKeys.Vod(id), Fields);
        if (values[0].IsNull)
        {
            return null;
        }

        return new VodRecord(
            id,
            values[0]!,
            DateTimeOffset.Parse(values[1]!, CultureInfo.InvariantCulture),
            (double)values[2],
            (long)values[3],
            values[4]!,
            ((string?)values[5] ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries),
            OrNull(values[6]),
            OrNull(values[7]),
            OrNull(values[8]),
            DateTimeOffset.Parse(values[9]!, CultureInfo.InvariantCulture));
    }

    /// <summary>A page of the catalogue, newest first, of one channel or all.</summary>
    public async Task<(IReadOnlyList<VodRecord> Items, long Total)> PageAsync(string? channel, int page, int pageSize)
    {
        var index = channel is null ? StoreKeys.Vods : StoreKeys.ChannelVods(channel);
        var start = (long)(page - 1) * pageSize;
        var ids = Database.SortedSetRangeByRankAsync(index, start, start + pageSize - 1, Order.Descending);
        var total = Database.SortedSetLengthAsync(index);

        // Issued together: the multiplexer pipelines them, one round trip for the page instead of one per VOD.
        var entries = await Task.WhenAll((await ids).Select(id => GetAsync(id!)));
        return (entries.OfType<VodRecord>().ToList(), await total);
    }

    /// <summary>How many entries the catalogue's index holds.</summary>
    public Task<long> CountAsync() => Database.SortedSetLengthAsync(StoreKeys.Vods);

    private static void Write(ITransaction transaction, VodRecord vod)
    {
        var score = vod.StartedAt.ToUnixTimeMilliseconds();
        _ = transaction.HashSetAsync(StoreKeys.Vod(vod.Id),
        [
            new("channel", vod.Channel),
            new("startedAt", vod.StartedAt.ToString("O", CultureInfo.InvariantCulture)),
            new("durationSeconds", vod.DurationSeconds),
            new("sizeBytes", vod.SizeBytes),
            new("status", vod.Status),
            new("sources", string.Join('\n', vod.Sources)),
            new("reason", vod.Reason ?? ""),
            new("videoFile", vod.VideoFile ?? ""),
            new("posterFile", vod.PosterFile ?? ""),
            new("updatedAt", vod.UpdatedAt.ToString("O", CultureInfo.InvariantCulture)),
        ]);
        _ = transaction.SortedSetAddAsync(StoreKeys.Vods, vod.Id, score);
        _ = transaction.SortedSetAddAsync(StoreKeys.ChannelVods(vod.Channel), vod.Id, score);
    }

    private static string? OrNull(RedisValue value) => value.IsNullOrEmpty ? null : (string?)value;
}
