namespace StreamingPlatform.Api.Webhooks;

/// <summary>
/// The <c>data</c> of a webhook event: always the channel and the broadcast; the rest as the event type has it
/// (<c>docs/webhooks.md</c> shows each). Addresses are absolute, on the platform's public origin.
/// </summary>
public sealed record WebhookEventData(
    string Channel,
    string BroadcastId,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt = null,
    string? WatchUrl = null,
    string? VodStatus = null,
    string? Reason = null,
    double? DurationSeconds = null,
    string? VodPageUrl = null,
    string? Mp4Url = null,
    string? PosterUrl = null);
