namespace StreamingPlatform.BroadcastState.Settings;

/// <summary>
/// The settings whose names more than one project spells: the services read them, the AppHost and the tests set them.
/// Written as configuration keys (<c>Ladder:Secret</c>); <see cref="Variable"/> gives the environment variable.
/// </summary>
public static class SettingNames
{
    /// <summary>The secret nginx-rtmp sends with every hook call (the Api's <c>HookOptions</c>).</summary>
    public const string HookSecret = "Hooks:Secret";

    /// <summary>The quality ladder's secret (<see cref="Ladder.LadderOptions.Secret"/>), which the Api and the VodWorker share.</summary>
    public const string LadderSecret = Ladder.LadderOptions.Section + ":" + nameof(Ladder.LadderOptions.Secret);

    /// <summary>Janus's API secret (<see cref="Realtime.RealtimeOptions.ApiSecret"/>).</summary>
    public const string JanusApiSecret = Realtime.RealtimeOptions.Section + ":" + nameof(Realtime.RealtimeOptions.ApiSecret);

    /// <summary>The key sealing the restream targets' stream keys (<see cref="Restream.RestreamOptions.Secret"/>), which the Api and the VodWorker share.</summary>
    public const string RestreamSecret = Restream.RestreamOptions.Section + ":" + nameof(Restream.RestreamOptions.Secret);

    /// <summary>The key sealing the webhooks' signing secrets (the Api's <c>WebhookOptions</c>).</summary>
    public const string WebhooksSecret = "Webhooks:Secret";

    /// <summary>nginx-rtmp's own variable for <see cref="HookSecret"/> (its entrypoint puts it in the hook URLs).</summary>
    public const string NginxHookSecret = "HOOK_SECRET";

    /// <summary>The environment variable that sets a setting: <c>Ladder__Secret</c> for <c>Ladder:Secret</c>.</summary>
    public static string Variable(string setting) => setting.Replace(":", "__", StringComparison.Ordinal);
}
