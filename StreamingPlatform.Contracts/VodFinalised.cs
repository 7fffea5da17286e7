namespace StreamingPlatform.Contracts;

/// <summary>
/// The VodWorker is done with an ended broadcast's VOD: it is final, ready (or salvaged) or failed, as the catalogue
/// says. The Api tells the webhooks (vod.ready, vod.failed). Sent again when a redelivered job finds the same VOD, and
/// again after a late recording changed it (<paramref name="UpdatedAt"/> tells the two apart).
/// </summary>
/// <param name="Status">The catalogue's status: <c>ready</c>, <c>salvaged</c> or <c>failed</c>.</param>
/// <param name="UpdatedAt">When the catalogue entry was written.</param>
public sealed record VodFinalised(string SessionId, string Channel, string Status, DateTimeOffset UpdatedAt);
