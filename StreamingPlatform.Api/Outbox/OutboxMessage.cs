using System.Text.Json;
using System.Text.Json.Nodes;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.Api.Outbox;

/// <summary>
/// A message kept in Redis until RabbitMQ has it. The member name says its type and makes it idempotent:
/// <c>RecordingCompleted:&lt;file&gt;</c>, <c>BroadcastEnded:&lt;session&gt;</c>. The payload is the message's JSON plus
/// <c>traceParent</c>, the span it continues, so the relay can publish it in the broadcast's trace.
/// </summary>
public sealed record OutboxMessage(string Member, string Payload)
{
    public const string RecordingCompletedPrefix = "RecordingCompleted:";
    public const string BroadcastEndedPrefix = "BroadcastEnded:";
    private const string TraceParentProperty = "traceParent";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static OutboxMessage For(RecordingCompleted message, string? traceParent) =>
        Of(RecordingCompletedPrefix + message.FileName, message, traceParent);

    public static OutboxMessage For(BroadcastEnded message, string? traceParent) =>
        Of(BroadcastEndedPrefix + message.SessionId, message, traceParent);

    private static OutboxMessage Of<T>(string member, T message, string? traceParent)
    {
        var payload = JsonSerializer.SerializeToNode(message, Json)!.AsObject();
        payload[TraceParentProperty] = traceParent;
        return new(member, payload.ToJsonString());
    }

    /// <summary>
    /// The message to publish (null for a member this version does not know) and the W3C trace context it continues,
    /// from one parse of the payload.
    /// </summary>
    public (object? Message, string? TraceParent) Read()
    {
        var payload = JsonNode.Parse(Payload);
        var message = Member switch
        {
            _ when Member.StartsWith(RecordingCompletedPrefix, StringComparison.Ordinal) => payload.Deserialize<RecordingCompleted>(Json),
            _ when Member.StartsWith(BroadcastEndedPrefix, StringComparison.Ordinal) => (object?)payload.Deserialize<BroadcastEnded>(Json),
            _ => null,
        };
        var traceParent = payload?[TraceParentProperty] is JsonValue value && value.TryGetValue<string>(out var parent) && parent.Length > 0
            ? parent
            : null;
        return (message, traceParent);
    }
}
