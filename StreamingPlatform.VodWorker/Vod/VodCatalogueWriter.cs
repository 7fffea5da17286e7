using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using StreamingPlatform.Contracts;
using StreamingPlatform.VodWorker.Options;

namespace StreamingPlatform.VodWorker.Vod;

/// <summary>
/// Writes the VOD catalogue the Api reads: hash <c>vod:{id}</c> and the newest-first indexes <c>vods</c>,
/// <c>vods:channel:{channel}</c>. Each entry is first written beside the VOD's files as
/// <c>vod/&lt;channel&gt;/&lt;id&gt;.json</c> (atomically: written in <c>vod/.partial</c>, then renamed), so the folder
/// alone can rebuild a catalogue that Redis lost (<see cref="RestoreAsync"/>).
/// </summary>
public sealed class VodCatalogueWriter(IConnectionMultiplexer redis, IOptions<MediaOptions> media)
{
    // Restores an entry only when Redis has none: an entry written since (a newer build) is never replaced.
    private const string RestoreScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], unpack(ARGV, 3))
        redis.call('ZADD', KEYS[2], ARGV[1], ARGV[2])
        redis.call('ZADD', KEYS[3], ARGV[1], ARGV[2])
        return 1
        """;

    private IDatabase Database => redis.GetDatabase();

    public async Task SaveAsync(VodRecord vod)
    {
        await WriteRecordFileAsync(vod);
        var transaction = Database.CreateTransaction();
        _ = transaction.HashSetAsync($"vod:{vod.Id}", Fields(vod));
        _ = transaction.SortedSetAddAsync("vods", vod.Id, Score(vod));
        _ = transaction.SortedSetAddAsync($"vods:channel:{vod.Channel}", vod.Id, Score(vod));
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

    /// <summary>How many entries the catalogue's index holds.</summary>
    public Task<long> CountAsync() => Database.SortedSetLengthAsync("vods");

    /// <summary>The catalogue records kept in the VOD folder: <c>&lt;channel&gt;/&lt;id&gt;.json</c> with valid names only.</summary>
    public IReadOnlyList<FileInfo> RecordFiles()
    {
        var root = new DirectoryInfo(media.Value.Vod);
        if (!root.Exists)
        {
            return [];
        }

        return root.EnumerateDirectories()
            .Where(folder => folder.LinkTarget is null && StreamName.IsValid(folder.Name))
            .SelectMany(folder => folder.EnumerateFiles("*.json"))
            .Where(file => file.LinkTarget is null && SessionId.IsValid(Path.GetFileNameWithoutExtension(file.Name)))
            .ToList();
    }

    /// <summary>Adds the entry of <paramref name="file"/> to the catalogue unless it holds one; null when the file is not a valid record.</summary>
    public async Task<bool?> RestoreAsync(FileInfo file, CancellationToken cancellationToken)
    {
        VodRecord? vod;
        try
        {
            await using var stream = file.OpenRead();
            vod = await JsonSerializer.DeserializeAsync(stream, VodJsonContext.Default.VodRecord, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }

        if (vod is null || vod.Id != Path.GetFileNameWithoutExtension(file.Name) || vod.Channel != file.Directory?.Name)
        {
            return null;
        }

        var fields = Fields(vod);
        RedisValue[] arguments = [Score(vod), vod.Id, .. fields.SelectMany(f => new[] { f.Name, f.Value })];
        return (int)await Database.ScriptEvaluateAsync(RestoreScript,
            [$"vod:{vod.Id}", "vods", $"vods:channel:{vod.Channel}"], arguments) == 1;
    }

    private async Task WriteRecordFileAsync(VodRecord vod)
    {
        var folder = Path.Combine(media.Value.Vod, vod.Channel);
        Directory.CreateDirectory(folder);
        Directory.CreateDirectory(media.Value.Partial);
        var partial = Path.Combine(media.Value.Partial, $"{vod.Id}-{Guid.NewGuid():N}.json");
        await File.WriteAllBytesAsync(partial, JsonSerializer.SerializeToUtf8Bytes(vod, VodJsonContext.Default.VodRecord));
        File.Move(partial, Path.Combine(folder, $"{vod.Id}.json"), overwrite: true);
    }

    private static double Score(VodRecord vod) => vod.StartedAt.ToUnixTimeMilliseconds();

    private static HashEntry[] Fields(VodRecord vod) =>
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
    ];
}
