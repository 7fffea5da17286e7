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

    /// <summary>One pass over the form (every heartbeat of every stream posts one), matching field names exactly.</summary>
    public static HookForm From(IFormCollection form, IQueryCollection query)
    {
        string? call = null, name = null, key = null, clientId = null, address = null, path = null;
        string? time = null, timestamp = null, token = null, grant = null, traceParent = null;
        foreach (var (field, values) in form)
        {
            var value = values.Count > 0 && values[0] is { Length: > 0 } first ? first : null;
            switch (field)
            {
                case "call": call = value; break;
                case "name": name = value; break;
                case "key": key = value; break;
                case "clientid": clientId = value; break;
                case "addr": address = value; break;
                case "path": path = value; break;
                case "time": time = value; break;
                case "timestamp": timestamp = value; break;
                case "token": token = value; break;
                case "grant": grant = value; break;
                case "traceparent": traceParent = value; break;
            }
        }

        return new(call, name, key, clientId, address, path, Value(query, "node") ?? DefaultNode, time, timestamp, token, grant, traceParent);
    }

    private static string? Value(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> values, string field) =>
        values.FirstOrDefault(v => v.Key == field).Value.FirstOrDefault() is { Length: > 0 } value ? value : null;
}
