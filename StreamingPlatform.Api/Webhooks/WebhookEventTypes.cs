namespace StreamingPlatform.Api.Webhooks;

/// <summary>The events a webhook can ask for.</summary>
public static class WebhookEventTypes
{
    /// <summary>A channel went live: a new broadcast (a reconnect within the grace window continues the old one).</summary>
    public const string StreamStarted = "stream.started";

    /// <summary>A broadcast is over: its reconnect grace window passed without the channel publishing again.</summary>
    public const string StreamEnded = "stream.ended";

    /// <summary>The ended broadcast's VOD is built and verified (status ready, or salvaged from a damaged recording).</summary>
    public const string VodReady = "vod.ready";

    /// <summary>The ended broadcast's VOD could not be built; its recordings are kept (the reason says why).</summary>
    public const string VodFailed = "vod.failed";

    public static IReadOnlyList<string> All { get; } = [StreamStarted, StreamEnded, VodReady, VodFailed];
}
