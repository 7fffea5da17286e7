namespace StreamingPlatform.Api.Sessions;

/// <summary>
/// One live broadcast. nginx's client id is only unique within one nginx process, so the session's owner is
/// the pair (node, client id): hooks that end or renew a session must name the same owner.
/// </summary>
public sealed record PublishSession(string Id, string Channel, string Node, string ClientId, DateTimeOffset StartedAt)
{
    public string Owner => OwnerOf(Node, ClientId);

    public static string OwnerOf(string node, string clientId) => $"{node}/{clientId}";

    public static PublishSession Start(string channel, string node, string clientId, TimeProvider time) =>
        new(Guid.CreateVersion7(time.GetUtcNow()).ToString("N"), channel, node, clientId, time.GetUtcNow());

    public TimeSpan LiveFor(TimeProvider time) => time.GetUtcNow() - StartedAt;
}
