using System.Buffers.Binary;
using System.Security.Cryptography;
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

    public static PublishSession Start(string channel, string node, string clientId, TimeProvider time, string? traceParent = null)
    {
        var now = time.GetUtcNow();
        return new(NewId(now), channel, node, clientId, now, traceParent);
    }

    public TimeSpan LiveFor(TimeProvider time) => time.GetUtcNow() - StartedAt;

    /// <summary>
    /// A version-7 UUID of <paramref name="at"/> (RFC 9562, as <see cref="Guid.CreateVersion7(DateTimeOffset)"/> makes and
    /// formats with "N"), its random bits from the process's generator: Guid's own reads them from the kernel, a system call
    /// in every publish.
    /// </summary>
    private static string NewId(DateTimeOffset at)
    {
        Span<byte> id = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(id, at.ToUnixTimeMilliseconds() << 16);
        RandomNumberGenerator.Fill(id[6..]);
        id[6] = (byte)(0x70 | (id[6] & 0x0F));
        id[8] = (byte)(0x80 | (id[8] & 0x3F));
        return Convert.ToHexStringLower(id);
    }

    /// <summary>The session stored under one of its keys, or null where there is none.</summary>
    public static PublishSession? FromJson(string? json) =>
        json is null ? null : JsonSerializer.Deserialize(json, StoredJson.Default.PublishSession);
}
