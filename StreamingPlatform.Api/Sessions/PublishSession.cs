namespace StreamingPlatform.Api.Sessions;

/// <summary>
/// One live broadcast. nginx's client id is only unique within one nginx process, so the session's owner is
/// the pair (node, client id): hooks that end or renew a session must name the same owner. <see cref="TraceParent"/>
/// is the W3C trace context of the span that started the broadcast: every later hook continues that trace.
/// </summary>
public sealed record PublishSession(string Id, string Channel, string Node, string ClientId, DateTimeOffset StartedAt, string? TraceParent = null)
{
    public string Owner => OwnerOf(Node, ClientId);

    public static string OwnerOf(string node, string clientId) => $"{node}/{clientId}";

    public static PublishSession Start(string channel, string node, string clientId, TimeProvider time, string? traceParent = null) =>
        new(Guid.CreateVersion7(time.GetUtcNow()).ToString("N"), channel, node, clientId, time.GetUtcNow(), traceParent);

    public TimeSpan LiveFor(TimeProvider time) => time.GetUtcNow() - StartedAt;
}
