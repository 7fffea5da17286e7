using System.Text.Json;
using Microsoft.Extensions.Options;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.BroadcastState.Vods;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.VodWorker.Vod;

/// <summary>
/// The worker's side of the VOD catalogue (<see cref="VodCatalogue"/>): each entry is first written beside the VOD's
/// files as its record (<see cref="MediaOptions.VodRecordFile"/>, atomically: written in <c>vod/.partial</c>, then
/// renamed), so the folder alone can rebuild a catalogue that Redis lost (<see cref="RestoreAsync"/>).
/// </summary>
public sealed class VodCatalogueWriter(VodCatalogue catalogue, IOptions<MediaOptions> media)
{
    /// <summary>Records the VOD; false when it was deleted meanwhile (then nothing is written).</summary>
    public async Task<bool> SaveAsync(VodRecord vod)
    {
        if (await catalogue.IsDeletedAsync(vod.Id))
        {
            return false;
        }

        await WriteRecordFileAsync(vod);
        return await catalogue.SaveAsync(vod);
    }

    /// <summary>The catalogued VOD's status and the recordings it was built from, that it was deleted, or null when there is none yet.</summary>
    public async Task<CataloguedBuild?> GetBuildAsync(string id) =>
        await catalogue.GetAsync(id) is { } vod ? new CataloguedBuild(vod.Status, vod.Sources)
        : await catalogue.IsDeletedAsync(id) ? CataloguedBuild.WasDeleted
        : null;

    /// <summary>The catalogued VOD, or null.</summary>
    public Task<VodRecord?> GetAsync(string id) => catalogue.GetAsync(id);

    /// <summary>How many entries the catalogue's index holds.</summary>
    public Task<long> CountAsync() => catalogue.CountAsync();

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
            vod = await JsonSerializer.DeserializeAsync(stream, StoredJson.Default.VodRecord, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }

        if (vod is null || vod.Id != Path.GetFileNameWithoutExtension(file.Name) || vod.Channel != file.Directory?.Name)
        {
            return null;
        }

        return await catalogue.RestoreAsync(vod);
    }

    private async Task WriteRecordFileAsync(VodRecord vod)
    {
        var record = media.Value.VodFile(MediaOptions.VodRecordFile(vod.Channel, vod.Id));
        Directory.CreateDirectory(Path.GetDirectoryName(record)!);
        Directory.CreateDirectory(media.Value.Partial);
        var partial = Path.Combine(media.Value.Partial, $"{vod.Id}-{Guid.NewGuid():N}.json");
        await File.WriteAllBytesAsync(partial, JsonSerializer.SerializeToUtf8Bytes(vod, StoredJson.Default.VodRecord));
        File.Move(partial, record, overwrite: true);
    }
}
