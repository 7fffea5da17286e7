using System.ComponentModel.DataAnnotations;

namespace StreamingPlatform.Api.Options;

/// <summary>The key that guards the admin API, sent as the X-Api-Key header.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    [Required]
    [MinLength(16, ErrorMessage = "Admin:ApiKey must be at least 16 characters.")]
    public string ApiKey { get; set; } = "";
}
