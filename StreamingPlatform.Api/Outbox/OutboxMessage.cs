using System.Text.Json;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.Api.Outbox;

/// <summary>
/// A message kept in Redis until RabbitMQ has it. The member name says its type and makes it idempotent:
/// <c>RecordingCompleted:&lt;file&gt;</c>, <c>BroadcastEnded:&lt;session&gt;</c>.
/// </summary>
public sealed record OutboxMessage(string Member, string Payload)
{
    public const string RecordingCompletedPrefix = "RecordingCompleted:";
    public const string BroadcastEndedPrefix = "BroadcastEnded:";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static OutboxMessage For(RecordingCompleted message) =>
        new(RecordingCompletedPrefix + Path.GetFileName(message.RecordingPath), JsonSerializer.Serialize(message, Json));

    /// <summary>The message to publish, or null for a member this version does not know.</summary>
    public object? ToMessage() => Member switch
    {
        _ when Member.StartsWith(RecordingCompletedPrefix, StringComparison.Ordinal) => JsonSerializer.Deserialize<RecordingCompleted>(Payload, Json),
        _ when Member.StartsWith(BroadcastEndedPrefix, StringComparison.Ordinal) => JsonSerializer.Deserialize<BroadcastEnded>(Payload, Json),
        _ => null,
    };
}
