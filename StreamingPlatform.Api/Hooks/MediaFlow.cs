using System.Globalization;

namespace StreamingPlatform.Api.Hooks;

/// <summary>
/// Whether a publisher sends media, judged from nginx's heartbeat: <c>time</c> is the seconds since the publish and
/// <c>timestamp</c> the RTMP timestamp of the last message nginx received, 0 until the first audio or video frame.
/// nginx's own <c>drop_idle_publisher</c> starts counting only at the first frame, so a publisher that connects,
/// publishes and sends nothing would hold its channel for ever; the Api refuses its heartbeat instead, and nginx drops it.
/// A heartbeat without these fields (not from nginx-rtmp) is taken as flowing.
/// </summary>
public static class MediaFlow
{
    public static bool IsSilent(string? time, string? timestamp, TimeSpan wait) =>
        timestamp == "0"
        && long.TryParse(time, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && seconds >= wait.TotalSeconds;
}
