using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace StreamingPlatform.Contracts;

/// <summary>
/// The name a ladder rendition is published under in nginx's <c>ladder</c> application, and so its HLS folder:
/// <c>&lt;channel&gt;-&lt;rendition&gt;</c>. The VodWorker's transcoder makes it; the Api's ladder hook checks it before
/// nginx writes a folder by that name.
/// </summary>
public static partial class RenditionName
{
    /// <summary>A rendition's own name (<c>480p</c>): shown in the player's quality menu.</summary>
    public const string Pattern = @"^[a-z0-9]{1,16}\z";

    public const string Rule = "a rendition's stream name is its channel's name, '-' and 1 to 16 lowercase letters or digits";

    public static string For(string channel, string rendition) => $"{channel}-{rendition}";

    /// <summary>A channel's valid name, a dash, and a valid rendition name.</summary>
    public static bool IsValid([NotNullWhen(true)] string? streamName) =>
        streamName?.LastIndexOf('-') is > 0 and var dash
        && StreamName.IsValid(streamName[..dash])
        && RenditionRegex().IsMatch(streamName[(dash + 1)..]);

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex RenditionRegex();
}
