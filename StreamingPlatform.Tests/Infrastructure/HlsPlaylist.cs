namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>The parts of a live media playlist the tests look at.</summary>
internal sealed record HlsPlaylist(long MediaSequence, IReadOnlyList<string> Segments)
{
    public long LastSequence => MediaSequence + Segments.Count - 1;

    public static HlsPlaylist Parse(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("#EXTM3U", lines.FirstOrDefault());
        var sequence = lines.Where(l => l.StartsWith("#EXT-X-MEDIA-SEQUENCE:", StringComparison.Ordinal))
            .Select(l => long.Parse(l["#EXT-X-MEDIA-SEQUENCE:".Length..])).FirstOrDefault();
        return new HlsPlaylist(sequence, lines.Where(l => !l.StartsWith('#')).ToList());
    }

    /// <summary>Waits until nginx serves the stream's playlist with at least <paramref name="segments"/> segments.</summary>
    public static Task<HlsPlaylist> WaitAsync(HttpClient nginx, string name, int segments, TimeSpan timeout) =>
        Eventually.GetAsync(async () =>
        {
            var response = await nginx.GetAsync($"hls/{name}/index.m3u8");
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var playlist = Parse(await response.Content.ReadAsStringAsync());
            return playlist.Segments.Count >= segments ? playlist : null;
        }, timeout, $"an HLS playlist of {name} with {segments} segments");
}
