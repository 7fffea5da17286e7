using System.Text.Json;

namespace StreamingPlatform.BroadcastState.Ladder;

/// <summary>
/// What the transcoder makes of a broadcast, for the Api's master playlist: the source first, then each rendition.
/// <see cref="LadderRendition.Path"/> is relative to nginx's HLS address (<see cref="Media.HlsLayout"/>).
/// </summary>
public sealed record LadderState(string BroadcastId, IReadOnlyList<LadderRendition> Renditions)
{
    /// <summary>The name of the source's entry (nginx's own HLS of the channel, never re-encoded).</summary>
    public const string SourceName = "source";

    public string ToJson() => JsonSerializer.Serialize(this, StoredJson.Default.LadderState);

    public static LadderState? FromJson(string? json) =>
        json is null ? null : JsonSerializer.Deserialize(json, StoredJson.Default.LadderState);
}

/// <param name="Bandwidth">Peak bits per second, as HLS's BANDWIDTH attribute wants it.</param>
public sealed record LadderRendition(string Name, string Path, int Width, int Height, long Bandwidth);
