using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using StreamingPlatform.BroadcastState.Ladder;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.Api.Ladder;

/// <summary>
/// The HLS master playlist of a broadcast with a ladder: the source (nginx's own HLS of the channel) first, then each
/// rendition the transcoder makes now, each with its RESOLUTION and BANDWIDTH, as absolute addresses on nginx.
/// While no rendition is being made it lists the source alone, so it always plays.
/// </summary>
public static partial class MasterPlaylist
{
    public static string Write(string channel, LadderState state, string hlsBaseUrl)
    {
        var text = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        var baseUrl = hlsBaseUrl.TrimEnd('/');
        var renditions = state.Renditions.Count > 0
            ? state.Renditions
            : [new LadderRendition("source", $"{channel}/index.m3u8", 0, 0, 0)];
        foreach (var rendition in renditions.Where(r => PathRegex().IsMatch(r.Path) && !r.Path.Contains("..", StringComparison.Ordinal)))
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-STREAM-INF:BANDWIDTH={Math.Max(rendition.Bandwidth, 1)}");
            if (rendition.Width > 0 && rendition.Height > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $",RESOLUTION={rendition.Width}x{rendition.Height}");
            }

            text.Append(CultureInfo.InvariantCulture, $",NAME=\"{rendition.Name}\"\n{baseUrl}/{rendition.Path}\n");
        }

        return text.ToString();
    }

    [GeneratedRegex(@"^[a-z0-9._/-]{1,200}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PathRegex();
}
