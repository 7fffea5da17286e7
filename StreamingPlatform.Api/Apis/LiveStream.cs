using StreamingPlatform.Api.Sessions;

namespace StreamingPlatform.Api.Apis;

/// <param name="BroadcastId">The broadcast this stream belongs to, which is also the id of its VOD
/// (<c>/api/vods/{id}</c>); a reconnect within the grace window keeps it.</param>
/// <param name="Clock">For one stream (<c>GET /api/streams/{name}</c>): maps the stream's media timestamps to wall-clock
/// time, so the player can show how far behind the publisher's camera it is. Null in lists and while unknown.</param>
/// <param name="Ladder">Null unless the broadcast has a quality ladder: then its master playlist and the renditions made now.</param>
public sealed record LiveStream(string Name, string BroadcastId, DateTimeOffset StartedAt, string HlsUrl, string ThumbnailUrl, MediaClock? Clock = null,
    LiveLadder? Ladder = null)
{
    /// <summary>The rewindable playlist (DVR): the broadcast since it started, up to nginx's DVR window.</summary>
    public string DvrUrl { get; init; } = "";

    /// <summary>Watch pages playing the stream now (they report their presence every few seconds).</summary>
    public long Viewers { get; init; }

    /// <summary>For one stream: its real-time relay (WebRTC through Janus) is running now, so the page can play it in real time.</summary>
    public bool Realtime { get; init; }
}

/// <param name="MasterUrl">The master playlist (source plus renditions); it lists the source alone while <paramref name="Renditions"/> is empty.</param>
/// <param name="Renditions">What the transcoder makes now, the source first; empty while it starts or restarts.</param>
public sealed record LiveLadder(string MasterUrl, IReadOnlyList<LiveRendition> Renditions);

public sealed record LiveRendition(string Name, int Width, int Height, long Bandwidth);
