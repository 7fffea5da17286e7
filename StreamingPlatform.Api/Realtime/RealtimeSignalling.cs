using System.Text.Json.Nodes;
using StreamingPlatform.BroadcastState.Realtime;

namespace StreamingPlatform.Api.Realtime;

/// <summary>An offer for a viewer: the Janus session and handle that carry it (the viewer's capability), and Janus's SDP.</summary>
public sealed record RealtimeOffer(string Session, string Handle, string Sdp);

/// <summary>
/// A viewer's WebRTC signalling with Janus's streaming plugin, done by the Api on the viewer's behalf: <c>watch</c> the
/// channel's mountpoint (Janus answers with its SDP offer, candidates included), <c>start</c> with the browser's answer,
/// keepalives while the page plays, and the hang-up.
/// </summary>
public sealed class RealtimeSignalling(JanusClient janus, TimeProvider time)
{
    private static readonly TimeSpan OfferTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The offer, or null when Janus has no mountpoint for the channel (its relay is not running).</summary>
    public async Task<RealtimeOffer?> OfferAsync(string channel, CancellationToken cancellationToken)
    {
        var session = await janus.CreateSessionAsync(cancellationToken);
        try
        {
            var handle = await janus.AttachAsync(session, cancellationToken);
            var watch = await janus.MessageAsync(session, handle, new JsonObject { ["request"] = "watch", ["id"] = channel }, null, cancellationToken);
            if (watch["error_code"] is not null)
            {
                await janus.DestroyAsync(session, CancellationToken.None);
                return null;
            }

            using var timeout = new CancellationTokenSource(OfferTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            while (true)
            {
                var next = await janus.NextEventAsync(session, linked.Token);
                if (next["plugindata"]?["data"]?["error_code"] is not null)
                {
                    await janus.DestroyAsync(session, CancellationToken.None);
                    return null;
                }

                if ((string?)next["jsep"]?["type"] == "offer" && (string?)next["jsep"]?["sdp"] is { } sdp)
                {
                    return new RealtimeOffer(session.ToString(), handle.ToString(), sdp);
                }
            }
        }
        catch
        {
            await janus.DestroyAsync(session, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
    }

    public Task AnswerAsync(long session, long handle, string sdp, CancellationToken cancellationToken) =>
        janus.MessageAsync(session, handle, new JsonObject { ["request"] = "start" }, new JsonObject { ["type"] = "answer", ["sdp"] = sdp }, cancellationToken);

    public Task KeepAliveAsync(long session, CancellationToken cancellationToken) => janus.KeepAliveAsync(session, cancellationToken);

    public Task HangUpAsync(long session, CancellationToken cancellationToken) => janus.DestroyAsync(session, cancellationToken);
}
