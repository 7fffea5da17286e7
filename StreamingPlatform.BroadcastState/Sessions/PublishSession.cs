using System.Text.Json;
using System.Text.Json.Serialization;

namespace StreamingPlatform.BroadcastState.Sessions;

/// <summary>
/// One live broadcast, stored as JSON under <see cref="StoreKeys.Session"/>, <see cref="StoreKeys.OpenBroadcasts"/> and
/// <see cref="StoreKeys.Resumable"/>. nginx's client id is only unique within one nginx process, so the session's owner is
/// the pair (node, client id): hooks that end or renew a session must name the same owner. <see cref="TraceParent"/> is the
/// W3C trace context of the span that started the broadcast: every later hook continues that trace. The scripts read
/// <c>id</c> and <c>owner</c> and replace <c>node</c>, <c>clientId</c> and <c>owner</c> when a connection continues the
/// broadcast: those names are fixed here, and SessionScriptTests run every script against a redis-server.
/// </summary>
public sealed record PublishSession(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("node")] string Node,
    [property: JsonPropertyName("clientId")] string ClientId,
    [property: JsonPropertyName("startedAt")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("traceParent")] string? TraceParent = null)
{
    [JsonPropertyName("owner")]
    public string Owner => OwnerOf(Node, ClientId);

    public static string OwnerOf(string node, string clientId) => $"{node}/{clientId}";

    public static PublishSession Start(string channel, string node, string clientId, TimeProvider time, string? traceParent = null) =>
        new(Guid.CreateVersion7(time.GetUtcNow()).ToString("N"), channel, node, clientId, time.GetUtcNow(), traceParent);

    public TimeSpan LiveFor(TimeProvider time) => time.GetUtcNow() - StartedAt;

    /// <summary>The session stored under one of its keys, or null where there is none.</summary>
    public static PublishSession? FromJson(string? json) =>
        json is null ? null : JsonSerializer.Deserialize(json, StoredJson.Default.PublishSession);
}
