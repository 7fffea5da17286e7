using System.Globalization;
using StackExchange.Redis;

namespace StreamingPlatform.Api.Vods;

/// <summary>
/// Reads the VOD catalogue the VodWorker writes: hash <c>vod:{id}</c>, newest-first indexes <c>vods</c> and
/// <c>vods:channel:{channel}</c> (sorted sets scored by the broadcast's start).
/// </summary>
public sealed class VodCatalogue(IConnectionMultiplexer redis)
{
    private static readonly RedisValue[] Fields =
        ["channel", "startedAt", "durationSeconds", "sizeBytes", "status", "parts", "reason", "videoFile", "posterFile", "updatedAt"];

    private IDatabase Database => redis.GetDatabase();

    public async Task<(IReadOnlyList<VodEntry> Items, long Total)> PageAsync(string? channel, int page, int pageSize)
    {
        RedisKey index = channel is null ? "vods" : $"vods:channel:{channel}";
        var start = (long)(page - 1) * pageSize;
        var ids = Database.SortedSetRangeByRankAsync(index, start, start + pageSize - 1, Order.Descending);
        var total = Database.SortedSetLengthAsync(index);

        // Issued together: the multiplexer pipelines them, one round trip for the page instead of one per VOD.
        var entries = await Task.WhenAll((await ids).Select(id => GetAsync(id!)));
        return (entries.OfType<VodEntry>().ToList(), await total);
    }

    public async Task<VodEntry?> GetAsync(string id)
    {
        var values = await Database.HashGetAsync($"vod:{id}", Fields);
        if (values[0].IsNull)
        {
            return null;
        }

        return new VodEntry(
            id,
            values[0]!,
            DateTimeOffset.Parse(values[1]!, CultureInfo.InvariantCulture),
            (double)values[2],
            (long)values[3],
            values[4]!,
            (int)values[5],
            values[6].IsNullOrEmpty ? null : (string?)values[6],
            values[7].IsNullOrEmpty ? null : (string?)values[7],
            values[8].IsNullOrEmpty ? null : (string?)values[8],
            DateTimeOffset.Parse(values[9]!, CultureInfo.InvariantCulture));
    }

    public async Task<bool> DeleteAsync(VodEntry entry)
    {
        var transaction = Database.CreateTransaction();
        var deleted = transaction.KeyDeleteAsync($"vod:{entry.Id}");
        _ = transaction.SortedSetRemoveAsync("vods", entry.Id);
        _ = transaction.SortedSetRemoveAsync($"vods:channel:{entry.Channel}", entry.Id);
        await transaction.ExecuteAsync();
        return await deleted;
    }
}
