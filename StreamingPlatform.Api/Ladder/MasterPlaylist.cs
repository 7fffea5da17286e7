using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using StreamingPlatform.BroadcastState.Ladder;
using StreamingPlatform.BroadcastState.Media;

namespace StreamingPlatform.Api.Ladder;

/// <summary>
/// The HLS master playlist of a broadcast with a ladder: the source (nginx's own HLS of the channel) first, then each
/// rendition the transcoder makes now, each with its RESOLUTION and BANDWIDTH, as absolute addresses on nginx.
/// While no rendition is being made there is no master playlist to write (its source's values are not known yet, and a
/// made-up BANDWIDTH misleads players): <see cref="SourceOnly"/> says so, and the Api sends players to the source's
/// own playlist, which every player takes at a master playlist's address.
/// </summary>
public static partial class MasterPlaylist
{
    /// <summary>Whether the ladder has nothing but the source now.</summary>
    public static bool SourceOnly(LadderState state) => state.Renditions.All(r => r.Name == LadderState.SourceName);

    public static string Write(LadderState state, string hlsBaseUrl)
    {
        var text = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        foreach (var rendition in state.Renditions.Where(r => r.Bandwidth > 0 && PathRegex().IsMatch(r.Path) && !r.Path.Contains("..", StringComparison.Ordinal)))
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-STREAM-INF:BANDWIDTH={rendition.Bandwidth}");
            if (rendition.Width > 0 && rendition.Height > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $",RESOLUTION={rendition.Width}x{rendition.Height}");
            }

            text.Append(CultureInfo.InvariantCulture, $",NAME=\"{rendition.Name}\"\n{HlsLayout.Url(hlsBaseUrl, rendition.Path)}\n");
        }

        return text.ToString();
    }

    [GeneratedRegex(@"^[a-z0-9._/-]{1,200}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PathRegex();
}
