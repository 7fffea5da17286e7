using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace StreamingPlatform.Api.Viewers;

/// <summary>A watch page's anonymous id for its tab: 32 lowercase hex digits (128 random bits).</summary>
public static partial class ViewerId
{
    public const string Rule = "A viewer id is 32 lowercase hexadecimal digits";

    public static bool IsValid([NotNullWhen(true)] string? id) => id is not null && IdRegex().IsMatch(id);

    [GeneratedRegex(@"^[0-9a-f]{32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdRegex();
}
