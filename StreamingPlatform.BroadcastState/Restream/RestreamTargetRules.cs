using System.Text.RegularExpressions;

namespace StreamingPlatform.BroadcastState.Restream;

/// <summary>What a new target may be: its name, its stream key, how many a channel has. The address: <see cref="RestreamAddress"/>.</summary>
public static partial class RestreamTargetRules
{
    public const int MaxTargetsPerChannel = 10;

    public const int MaxKeyLength = 512;

    public const string NameRule = "a target name is 1 to 64 characters: letters, digits, spaces, '.', '_' and '-', starting with a letter or digit";

    public const string KeyRule = "a stream key is 1 to 512 printable ASCII characters without spaces";

    public static bool IsValidName(string? name) => name is not null && NameRegex().IsMatch(name);

    /// <summary>Printable ASCII without spaces: one byte a character on the wire, the same as its placeholder.</summary>
    public static bool IsValidKey(string? key) => key is { Length: > 0 and <= MaxKeyLength } && key.All(c => c is >= '!' and <= '~');

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();
}
