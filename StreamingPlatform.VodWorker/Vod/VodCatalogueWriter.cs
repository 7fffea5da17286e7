using System.Globalization;
using StackExchange.Redis;

namespace StreamingPlatform.VodWorker.Vod;

/// <summary>Writes the VOD catalogue the Api reads: hash <c>vod:{id}</c> and the newest-first indexes <c>vods</c>, <c>vods:channel:{channel}</c>.</summary>
public sealed class VodCatalogueWriter(IConnectionMultiplexer redis)
{
    private IDatabase Database => redis.GetDatabase();

    public async Task SaveAsync(VodRecord vod)
    {
        var score = vod.StartedAt.ToUnixTimeMilliseconds();
        var transaction = Database.CreateTransaction();
        _ = transaction.HashSetAsync($"vod:{vod.Id}",
        [
            new("channel", vod.Channel),
            new("startedAt", vod.StartedAt.ToString("O", CultureInfo.InvariantCulture)),
            new("durationSeconds", vod.DurationSeconds),
            new("sizeBytes", vod.SizeBytes),
            new("status", vod.Status),
            new("parts", vod.Sources.Count),
            new("sources", string.Join('\n', vod.Sources)),
            new("reason", vod.Reason ?? ""),
            new("videoFile", vod.VideoFile ?? ""),
            new("posterFile", vod.PosterFile ?? ""),
            new("updatedAt", vod.UpdatedAt.ToString("O", CultureInfo.InvariantCulture)),
        ]);
        _ = transaction.SortedSetAddAsync("vods", vod.Id, score);
        _ = transaction.SortedSetAddAsync($"vods:channel:{vod.Channel}", vod.Id, score);
        await transaction.ExecuteAsync();
    }

    /// <summary>The recordings the catalogued VOD was built from and its status, or null when there is none yet.</summary>
    public async Task<(string Status, IReadOnlyList<string> Sources)?> GetBuildAsync(string id)
    {
        var values = await Database.HashGetAsync($"vod:{id}", ["status", "sources"]);
        if (values[0].IsNull)
        {
            return null;
        }

        var sources = ((string?)values[1] ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return ((string)values[0]!, sources);
    }
}
