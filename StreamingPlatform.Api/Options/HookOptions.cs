using System.ComponentModel.DataAnnotations;
using StreamingPlatform.BroadcastState.Settings;

namespace StreamingPlatform.Api.Options;

/// <summary>The shared secret nginx-rtmp sends with every hook call (it is part of the hook URLs in nginx.conf).</summary>
public sealed class HookOptions
{
    public const string Section = "Hooks";

    [Required]
    [RegularExpression(SecretRule.Pattern, ErrorMessage = SettingNames.HookSecret + SecretRule.Message)]
    public string Secret { get; set; } = "";
}
