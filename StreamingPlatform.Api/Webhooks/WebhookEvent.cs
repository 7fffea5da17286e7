using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StreamingPlatform.Api.Options;
using StreamingPlatform.BroadcastState.Sessions;
using StreamingPlatform.BroadcastState.Vods;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.Api.Webhooks;

/// <summary>
/// Something webhooks hear about, as it waits in the outbox. <see cref="Id"/> is derived from what happened (type,
/// broadcast, and for a VOD the catalogue entry's version), so the same fact found twice is one event: receivers
/// de-duplicate on it (it is the <c>webhook-id</c> header), and the queues take it once.
/// </summary>
public sealed record WebhookEvent(string Id, string Type, DateTimeOffset Timestamp, WebhookEventData Data, string? TraceParent)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string BroadcastId => Data.BroadcastId;

    public static WebhookEvent StreamStarted(PublishSession session, StreamingOptions? streaming) => new(
        IdOf(WebhookEventTypes.StreamStarted, session.Id, ""),
        WebhookEventTypes.StreamStarted,
        session.StartedAt,
        new WebhookEventData(session.Channel, session.Id, session.StartedAt, WatchUrl: streaming?.PublicUrl($"/watch/{session.Channel}")),
        session.TraceParent);

    /// <summary>A VOD's event waits until its broadcast's stream.ended is queued: that order holds for receivers.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool FollowsStreamEnded => Type is WebhookEventTypes.VodReady or WebhookEventTypes.VodFailed;

    public static string StreamEndedId(string broadcastId) => IdOf(WebhookEventTypes.StreamEnded, broadcastId, "");

    public static WebhookEvent StreamEnded(BroadcastEnded ended, string? traceParent) => new(
        StreamEndedId(ended.SessionId),
        WebhookEventTypes.StreamEnded,
        ended.EndedAt,
        new WebhookEventData(ended.Channel, ended.SessionId, ended.StartedAt, ended.EndedAt),
        traceParent);

    /// <summary>vod.ready (ready or salvaged) or vod.failed, with the catalogue entry's facts and addresses.</summary>
    public static WebhookEvent VodFinal(VodRecord vod, StreamingOptions streaming, string? traceParent)
    {
        var failed = vod.Status == VodStatus.Failed;
        var type = failed ? WebhookEventTypes.VodFailed : WebhookEventTypes.VodReady;
        var data = new WebhookEventData(vod.Channel, vod.Id, vod.StartedAt,
            VodStatus: vod.Status,
            Reason: vod.Reason,
            DurationSeconds: failed ? null : vod.DurationSeconds,
            VodPageUrl: failed ? null : streaming.PublicUrl($"/vod/{vod.Id}"),
            Mp4Url: vod.VideoFile is null ? null : streaming.PublicUrl($"/api/vods/{vod.Id}/video"),
            PosterUrl: vod.PosterFile is null ? null : streaming.PublicUrl($"/api/vods/{vod.Id}/poster"));
        return new(IdOf(type, vod.Id, vod.UpdatedAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            type, vod.UpdatedAt, data, traceParent);
    }

    /// <summary>What a receiver gets: <c>{ id, type, timestamp, data }</c>.</summary>
    public string Body() => JsonSerializer.Serialize(new WebhookBody(Id, Type, Timestamp.ToUniversalTime(), Data), WebhookJson.Default.WebhookBody);

    public string ToJson() => JsonSerializer.Serialize(this, WebhookJson.Default.WebhookEvent);

    private static string IdOf(string type, string broadcastId, string version) =>
        "msg_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{type}\n{broadcastId}\n{version}")))[..32];
}

/// <summary>The JSON body of a delivery.</summary>
public sealed record WebhookBody(string Id, string Type, DateTimeOffset Timestamp, WebhookEventData Data);
