using System.ComponentModel.DataAnnotations;

namespace StreamingPlatform.Api.Options;

/// <summary>The shared secret nginx-rtmp sends with every hook call (it is part of the hook URLs in nginx.conf).</summary>
public sealed class HookOptions
{
    public const string Section = "Hooks";

    [Required]
    [RegularExpression(@"^[A-Za-z0-9._~-]{16,}\z", ErrorMessage = "Hooks:Secret must be at least 16 URL-safe characters (A-Z a-z 0-9 . _ ~ -).")]
    public string Secret { get; set; } = "";
}
