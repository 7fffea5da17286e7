using Microsoft.AspNetCore.Http;
using StreamingPlatform.BroadcastState.Sessions;

namespace StreamingPlatform.Api.Hooks;

/// <summary>
/// The form nginx-rtmp posts to every hook. Every ?k=v of the publish URL arrives as its own field, the stream
/// key among them, so a raw form must never be logged. <see cref="Time"/> and <see cref="Timestamp"/> come with
/// on_update only: seconds since the publish, and the RTMP timestamp (ms) of the last message received. <see cref="Token"/>
/// is the ladder transcoder's credential (its ?token=), on play and rendition publishes.
/// <see cref="Grant"/> and <see cref="TraceParent"/> come from the Api's own FFmpeg publishing a browser's broadcast: its
/// publish grant instead of the key, and the span of the browser session the broadcast's trace goes through.
/// </summary>
public sealed record HookForm(string? Call, string? Name, string? Key, string? ClientId, string? Address, string? Path, string Node,
    string? Time = null, string? Timestamp = null, string? Token = null,
    string? Grant = null, string? TraceParent = null)
{
    public const string DefaultNode = "nginx-rtmp";

    /// <summary>The RTMP connection that sent the hook, as a session records its owner.</summary>
    public string Owner => PublishSession.OwnerOf(Node, ClientId ?? "");

    public static HookForm From(IFormCollection form, IQueryCollection query) => new(
        Value(form, "call"),
        Value(form, "name"),
        Value(form, "key"),
        Value(form, "clientid"),
        Value(form, "addr"),
        Value(form, "path"),
        Value(query, "node") ?? DefaultNode,
        Value(form, "time"),
        Value(form, "timestamp"),
        Value(form, "token"),
        Value(form, "grant"),
        Value(form, "traceparent"));

    private static string? Value(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> values, string field) =>
        values.FirstOrDefault(v => v.Key == field).Value.FirstOrDefault() is { Length: > 0 } value ? value : null;
}
