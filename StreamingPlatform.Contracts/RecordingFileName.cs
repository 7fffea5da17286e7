using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace StreamingPlatform.Contracts;

/// <summary>
/// The names nginx-rtmp gives recordings with <c>record_unique on</c>: <c>&lt;channel&gt;-&lt;unix seconds&gt;.flv</c>.
/// The Api and the VodWorker accept no other file name, so nothing from the network names a file elsewhere.
/// </summary>
public static partial class RecordingFileName
{
    public static bool TryParse(string? fileName, [NotNullWhen(true)] out string? channel, out DateTimeOffset startedAt)
    {
        channel = null;
        startedAt = default;
        var match = fileName is null ? Match.Empty : FileNameRegex().Match(fileName);
        if (!match.Success || !long.TryParse(match.Groups["time"].Value, out var seconds))
        {
            return false;
        }

        channel = match.Groups["channel"].Value;
        startedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    /// <summary>
    /// The session id of a recording that no live session claims (nginx died, or its hooks were lost): derived from
    /// the file name, so every path that finds the same file (hook, reconciler) names the same broadcast.
    /// </summary>
    public static string OrphanSessionId(string fileName) =>
        "rec-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fileName)))[..24];

    [GeneratedRegex(@"^(?<channel>[a-z0-9][a-z0-9_-]{0,63})-(?<time>[0-9]{1,12})\.flv\z", RegexOptions.CultureInvariant)]
    private static partial Regex FileNameRegex();
}
