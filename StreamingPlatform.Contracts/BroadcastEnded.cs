namespace StreamingPlatform.Contracts;

/// <summary>
/// A broadcast's reconnect grace window passed without the channel publishing again: the broadcast is over, its
/// VOD can be finalised (all parts joined) and its recordings and HLS files removed.
/// </summary>
/// <param name="EndedAt">When the last connection ended (publish_done, or the lapsed lease the Api noticed).</param>
/// <param name="StartedAt">When the broadcast started (null in messages of versions before webhooks).</param>
public sealed record BroadcastEnded(string SessionId, string Channel, DateTimeOffset EndedAt, DateTimeOffset? StartedAt = null);
