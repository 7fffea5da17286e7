namespace StreamingPlatform.Api.Apis;

/// <summary>
/// How long caches keep HLS answers (docs/cdn.md): nginx's template sends the same values for the media playlists
/// and fragments it serves (its <c>$hls_cache_control</c>; the tests compare them), the Api for the master playlist.
/// </summary>
public static class HlsCacheControl
{
    /// <summary>
    /// A playlist, and any error: a shared cache (a CDN) keeps it one second, about one fragment; a browser asks
    /// again each time, so the player sees a new fragment as soon as its CDN edge does.
    /// </summary>
    public const string Playlist = "public, max-age=0, s-maxage=1";

    /// <summary>A fragment: its name (nginx's clock in ms) is never reused, so it never changes.</summary>
    public const string Segment = "public, max-age=31536000, immutable";
}
