using System.Text.Json;

namespace StreamingPlatform.Api.Webhooks;

/// <summary>
/// One event waiting in one webhook's queue: the exact body to send (signed anew at each attempt), when the event
/// happened (for giving up), and the trace its attempts join.
/// </summary>
public sealed record WebhookDelivery(string Id, string Type, DateTimeOffset HappenedAt, string Body, string? TraceParent)
{
    public static WebhookDelivery Of(WebhookEvent e) => new(e.Id, e.Type, e.Timestamp, e.Body(), e.TraceParent);

    public string ToJson() => JsonSerializer.Serialize(this, WebhookJson.Default.WebhookDelivery);

    public static WebhookDelivery? FromJson(string json) => JsonSerializer.Deserialize(json, WebhookJson.Default.WebhookDelivery);
}
