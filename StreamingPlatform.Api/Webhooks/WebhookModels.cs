namespace StreamingPlatform.Api.Webhooks;

/// <param name="Url">Where events are POSTed: http or https, not the platform's own services.</param>
/// <param name="Events">Any of stream.started, stream.ended, vod.ready, vod.failed.</param>
/// <param name="Enabled">Off: no new events are queued for it, and those waiting are held until it is on again.</param>
public sealed record CreateWebhookRequest(string Url, IReadOnlyList<string> Events, bool Enabled = true);

/// <summary>A new webhook and its signing secret, shown only in this answer.</summary>
public sealed record CreatedWebhook(string Id, string Url, IReadOnlyList<string> Events, bool Enabled, DateTimeOffset CreatedAt, string Secret);

public sealed record WebhookSettingRequest(bool Enabled);

/// <summary>A webhook as operators see it: its registration (never its secret) and how its deliveries go.</summary>
/// <param name="Failing">Its last <c>Webhooks:FailingAfter</c> attempts or more failed: retried at the slow pace until one succeeds.</param>
/// <param name="WaitingBroadcasts">Broadcasts with events still to deliver to it.</param>
public sealed record WebhookSummary(
    string Id,
    string Url,
    IReadOnlyList<string> Events,
    bool Enabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastFailureAt,
    string? LastFailure,
    long ConsecutiveFailures,
    bool Failing,
    long WaitingBroadcasts);
