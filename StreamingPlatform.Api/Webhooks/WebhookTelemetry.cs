using System.Diagnostics;
using System.Diagnostics.Metrics;
using StreamingPlatform.Api.Infrastructure;

namespace StreamingPlatform.Api.Webhooks;

/// <summary>Webhook deliveries on the Api's meter and activity source: a span per attempt, in the broadcast's trace.</summary>
internal static class WebhookTelemetry
{
    private static readonly Counter<long> Deliveries = ApiTelemetry.Meter.CreateCounter<long>(
        "streaming.webhook.deliveries", unit: "{attempt}",
        description: "Webhook delivery attempts by outcome (delivered, failed, given_up) and event type.");

    private static readonly Histogram<double> Duration = ApiTelemetry.Meter.CreateHistogram<double>(
        "streaming.webhook.delivery.duration", unit: "s", description: "How long each delivery attempt took, by outcome.");

    public static void Count(string outcome, string eventType, TimeSpan took)
    {
        var tags = new TagList { { "streaming.webhook.outcome", outcome }, { "streaming.webhook.event", eventType } };
        Deliveries.Add(1, tags);
        Duration.Record(took.TotalSeconds, tags);
    }

    /// <summary>An attempt's span: a child of the span that made the event (the broadcast's trace), or a trace of its own.</summary>
    public static Activity? StartDelivery(Webhook webhook, WebhookDelivery delivery, long attempt)
    {
        // The dispatcher's loop must not become the parent.
        Activity.Current = null;
        var parent = ActivityContext.TryParse(delivery.TraceParent, null, isRemote: true, out var context) ? context : default;
        var activity = ApiTelemetry.Source.StartActivity($"webhook deliver {delivery.Type}", ActivityKind.Client, parent);
        activity?.SetTag("streaming.webhook.id", webhook.Id);
        activity?.SetTag("streaming.webhook.event", delivery.Type);
        activity?.SetTag("streaming.webhook.event_id", delivery.Id);
        activity?.SetTag("streaming.webhook.attempt", attempt);
        activity?.SetTag("server.address", new Uri(webhook.Url).Host);
        return activity;
    }
}
