using System.Text.Json;
using System.Text.Json.Nodes;
using StreamingPlatform.Api.Webhooks;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.BroadcastState.Sessions;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.Api.Outbox;

/// <summary>
/// A message kept in Redis until RabbitMQ has it. The member name says its type and makes it idempotent:
/// <c>RecordingCompleted:&lt;file&gt;</c>, <c>BroadcastEnded:&lt;session&gt;</c>. The payload is the message's JSON plus
/// <c>traceParent</c>, the span it continues, so the relay can publish it in the broadcast's trace. Webhook events
/// (<c>Webhook:&lt;event id&gt;</c>) wait here too; the relay hands them to the webhooks' queues, not to RabbitMQ. A new
/// broadcast's stream.started event waits as its session (<c>StreamStarted:&lt;session&gt;</c>, queued by the script that
/// claims the name): the relay makes the event, so a publish builds no event of its own.
/// </summary>
public sealed record OutboxMessage(string Member, string Payload)
{
    public const string RecordingCompletedPrefix = "RecordingCompleted:";
    public const string BroadcastEndedPrefix = "BroadcastEnded:";
    public const string WebhookEventPrefix = "Webhook:";
    public const string StreamStartedPrefix = "StreamStarted:";
    private const string TraceParentProperty = "traceParent";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static OutboxMessage For(RecordingCompleted message, string? traceParent) =>
        Of(RecordingCompletedPrefix + message.FileName, message, traceParent);

    public static OutboxMessage For(BroadcastEnded message, string? traceParent) =>
        Of(BroadcastEndedPrefix + message.SessionId, message, traceParent);

    public static OutboxMessage For(WebhookEvent webhookEvent) => new(WebhookEventPrefix + webhookEvent.Id, webhookEvent.ToJson());

    public static string StreamStartedMember(string sessionId) => StreamStartedPrefix + sessionId;

    private static OutboxMessage Of<T>(string member, T message, string? traceParent)
    {
        var payload = JsonSerializer.SerializeToNode(message, Json)!.AsObject();
        payload[TraceParentProperty] = traceParent;
        return new(member, payload.ToJsonString());
    }

    /// <summary>
    /// The message to publish, the webhook event to queue, or the <see cref="PublishSession"/> whose stream.started event
    /// to queue (null for a member this version does not know), and the W3C trace context it continues, from one parse of
    /// the payload.
    /// </summary>
    public (object? Message, string? TraceParent) Read()
    {
        var payload = JsonNode.Parse(Payload);
        var message = Member switch
        {
            _ when Member.StartsWith(RecordingCompletedPrefix, StringComparison.Ordinal) => payload.Deserialize<RecordingCompleted>(Json),
            _ when Member.StartsWith(BroadcastEndedPrefix, StringComparison.Ordinal) => (object?)payload.Deserialize<BroadcastEnded>(Json),
            _ when Member.StartsWith(WebhookEventPrefix, StringComparison.Ordinal) => payload.Deserialize(WebhookJson.Default.WebhookEvent),
            _ when Member.StartsWith(StreamStartedPrefix, StringComparison.Ordinal) => payload.Deserialize(StoredJson.Default.PublishSession),
            _ => null,
        };
        var traceParent = payload?[TraceParentProperty] is JsonValue value && value.TryGetValue<string>(out var parent) && parent.Length > 0
            ? parent
            : null;
        return (message, traceParent);
    }
}
