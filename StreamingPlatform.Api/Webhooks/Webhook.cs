namespace StreamingPlatform.Api.Webhooks;

/// <summary>A registered webhook. <see cref="SealedSecret"/> is its signing secret, encrypted (<see cref="WebhookSecrets"/>).</summary>
public sealed record Webhook(string Id, string Url, IReadOnlyList<string> Events, bool Enabled, DateTimeOffset CreatedAt, string SealedSecret)
{
    public bool Wants(string eventType) => Enabled && Events.Contains(eventType);

    /// <summary>The receiver's host, for logs: a URL's path may carry a token of the receiver's (many chat services do so).</summary>
    public string Host => new Uri(Url).Authority;
}

/// <summary>How a webhook's deliveries go (<see cref="StoreKeys"/>.WebhookState), and how many broadcasts wait to be delivered.</summary>
public sealed record WebhookDeliveryState(
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastFailureAt,
    string? LastFailure,
    long ConsecutiveFailures,
    long WaitingBroadcasts);
