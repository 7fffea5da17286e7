using System.ComponentModel.DataAnnotations;
using StreamingPlatform.BroadcastState.Settings;

namespace StreamingPlatform.Api.Options;

/// <summary>The shared secret nginx-rtmp sends with every hook call (it is part of the hook URLs in nginx.conf).</summary>
public sealed class HookOptions
{
    public const string Section = "Hooks";

    [Required(ErrorMessage = SettingNames.HookSecret + " is required: nginx-rtmp sends it with every hook call.")]
    [SecretSetting(SettingNames.HookSecret)]
    public string Secret { get; set; } = "";
}
