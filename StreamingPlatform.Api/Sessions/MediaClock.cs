namespace StreamingPlatform.Api.Sessions;

/// <summary>
/// Maps a live connection's media timestamps to wall-clock time, so a viewer can tell how long ago the frame on its
/// screen was captured. nginx-rtmp writes the publisher's RTMP timestamps (milliseconds) into HLS as PTS (ms * 90)
/// and writes no EXT-X-PROGRAM-DATE-TIME, so the player knows its frame's timestamp but not when it was captured:
/// a frame with timestamp <c>t</c> was sent at about <see cref="TimestampZeroAt"/> + <c>t</c>.
/// </summary>
/// <param name="ConnectedAt">Names the publisher's connection: a reconnect restarts the timestamps at 0 and gets a new clock.</param>
/// <param name="TimestampZeroAt">When the frame with timestamp 0 was sent.</param>
/// <param name="Measured">False while it is only the publish time (until the first heartbeat, about 5 s).</param>
/// <param name="ServerTime">The server's time when answering: viewers correct their own clock with it.</param>
public sealed record MediaClock(DateTimeOffset ConnectedAt, DateTimeOffset TimestampZeroAt, bool Measured, DateTimeOffset ServerTime);
