using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace StreamingPlatform.Contracts;

/// <summary>
/// The public name of a channel, as it appears in RTMP, HLS paths and the API. Names come from the network
/// and become folder names, so only this strict pattern is accepted.
/// </summary>
public static partial class StreamName
{
    public const string Pattern = @"^[a-z0-9][a-z0-9_-]{0,63}\z";

    public const string Rule = "a stream name is 1 to 64 characters: lowercase letters, digits, '-' and '_', starting with a letter or digit";

    public static bool IsValid([NotNullWhen(true)] string? name) => name is not null && NameRegex().IsMatch(name);

    /// <summary>An untrusted name cut short and made printable, for log lines.</summary>
    public static string ForLog(string? name)
    {
        if (name is null)
        {
            return "(none)";
        }

        var shortened = name.Length > 64 ? name[..64] + "…" : name;
        return string.Concat(shortened.Select(c => char.IsControl(c) ? '?' : c));
    }

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();
}
