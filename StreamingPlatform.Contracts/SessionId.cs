using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace StreamingPlatform.Contracts;

/// <summary>Broadcast (session) ids, which are also VOD ids and file names: 32 hex digits, or <c>rec-</c> and 24 for orphans.</summary>
public static partial class SessionId
{
    public static bool IsValid([NotNullWhen(true)] string? id) => id is not null && IdRegex().IsMatch(id);

    [GeneratedRegex(@"^[a-z0-9-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdRegex();
}
