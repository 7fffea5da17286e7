using System.ComponentModel.DataAnnotations;

namespace StreamingPlatform.Api.Options;

/// <summary>The key that guards the admin API, sent as the X-Api-Key header, and how many wrong ones an address may send.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    [Required]
    [MinLength(16, ErrorMessage = "Admin:ApiKey must be at least 16 characters.")]
    public string ApiKey { get; set; } = "";

    /// <summary>Failed key checks one client address (an IPv6 /64) may make per window; beyond it every request is 429.</summary>
    [Range(1, 10_000)]
    public int FailedKeyLimit { get; set; } = 10;

    [Range(1, 86_400)]
    public int FailedKeyWindowSeconds { get; set; } = 60;
}
