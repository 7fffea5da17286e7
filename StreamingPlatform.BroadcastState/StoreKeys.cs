using StackExchange.Redis;

namespace StreamingPlatform.BroadcastState;

/// <summary>
/// Every Redis key of the platform, and who writes it. A broadcast's life in keys: <see cref="Session"/> (its lease) while
/// a connection publishes, <see cref="OpenBroadcasts"/> from publish to publish_done, <see cref="Resumable"/> for the
/// reconnect grace window, then a BroadcastEnded in the <see cref="OutboxDue"/>; its recordings in
/// <see cref="Recordings"/>; its VOD in <see cref="Vod"/>. Nobody else spells a key.
/// </summary>
public static class StoreKeys
{
    // Channels (the Api).
    /// <summary>Hash of a channel's settings and its stream key's salted hash.</summary>
    public static RedisKey Channel(string name) => $"channel:{name}";

    /// <summary>Set of the channel names.</summary>
    public static readonly RedisKey Channels = "channels";

    // Live sessions (the Api; the VodWorker reads which channels are live).
    public const string SessionPrefix = "session:";

    /// <summary>The channel's live session as JSON (<see cref="Sessions.PublishSession"/>) under a lease: existing is what makes a name live.</summary>
    public static RedisKey Session(string channel) => SessionPrefix + channel;

    /// <summary>
    /// Hash name → session of every broadcast from its publish to its publish_done, lease or not. Also the index of the live
    /// names: a session key exists only while its broadcast is open.
    /// </summary>
    public static readonly RedisKey OpenBroadcasts = "sessions:open";

    /// <summary>Sorted set name → lease deadline (Redis's clock, ms) of the open broadcasts.</summary>
    public static readonly RedisKey LeaseDeadlines = "sessions:deadlines";

    /// <summary>An ended connection's session, kept for the reconnect grace window.</summary>
    public static RedisKey Resumable(string channel) => $"resume:{channel}";

    /// <summary>The session a connection (node/client id) published, so its late record_done finds its broadcast.</summary>
    public static RedisKey Connection(string owner) => $"connection:{owner}";

    /// <summary>The media clock of the channel's latest connection (a hash, <see cref="Sessions.MediaClockFields"/>), kept as long as the channel.</summary>
    public static RedisKey MediaClock(string channel) => $"mediaclock:{channel}";

    // The outbox (the Api): messages kept until RabbitMQ has them.
    /// <summary>Sorted set member → due time (unix ms).</summary>
    public static readonly RedisKey OutboxDue = "outbox";

    /// <summary>Hash member → the message's JSON.</summary>
    public static readonly RedisKey OutboxPayloads = "outbox:payloads";

    // Recordings (registered by the Api: its record_done hook, or its reconciler for a file no hook announced).
    /// <summary>Sorted set of a broadcast's recording file names, scored by their start (unix seconds).</summary>
    public static RedisKey Recordings(string broadcastId) => $"broadcast:{broadcastId}:recordings";

    /// <summary>Set of the recording file names the pipeline knows; the reconciler skips them.</summary>
    public static readonly RedisKey KnownRecordings = "recordings:known";

    // The VOD pipeline (the VodWorker).
    /// <summary>Marks a broadcast whose BroadcastEnded the VodWorker received: its files may be cleaned up.</summary>
    public static RedisKey Ended(string broadcastId) => $"broadcast:{broadcastId}:ended";

    /// <summary>The lease of the worker building the broadcast's VOD.</summary>
    public static RedisKey BuildLock(string broadcastId) => $"lock:vod:{broadcastId}";

    // The VOD catalogue (<see cref="Vods.VodCatalogue"/>: the VodWorker saves, the Api reads and deletes).
    /// <summary>Hash of the VOD's fields (<see cref="Vods.VodRecord"/>).</summary>
    public static RedisKey Vod(string id) => $"vod:{id}";

    /// <summary>A deleted VOD's tombstone: a late rebuild of it is refused.</summary>
    public static RedisKey DeletedVod(string id) => $"vod:{id}:deleted";

    /// <summary>Sorted set of every VOD id by the broadcast's start (unix ms).</summary>
    public static readonly RedisKey Vods = "vods";

    /// <summary>Sorted set of the channel's VOD ids by the broadcast's start (unix ms).</summary>
    public static RedisKey ChannelVods(string channel) => $"vods:channel:{channel}";

    // Viewer counts (the Api: the watch page's presence reports).
    /// <summary>Sorted set of a live channel's viewer ids by when they count as gone (ms, Redis's clock); expires with its last member.</summary>
    public static RedisKey Viewers(string channel) => $"viewers:{channel}";

    /// <summary>Sorted set of the channels with viewers, by when their last viewer counts as gone: the gauge reads only these.</summary>
    public static readonly RedisKey WatchedChannels = "viewers:channels";

    /// <summary>The same for the ids one address brought (its cap).</summary>
    public static RedisKey ViewersFromAddress(string channel, string address) => $"viewers:{channel}:from:{address}";

    /// <summary>The broadcast's peak viewer count, kept for its VOD and deleted with it.</summary>
    public static RedisKey PeakViewers(string broadcastId) => $"viewers:peak:{broadcastId}";

    // The quality ladder (the Api marks broadcasts at publish; the VodWorker's transcoder owns the lease and the state).
    /// <summary>Hash channel → id of its broadcast that wants a ladder, written by the publish hook (the channel's setting then).</summary>
    public static readonly RedisKey LadderBroadcasts = "ladder:broadcasts";

    /// <summary>Which worker transcodes the broadcast: SET NX PX, renewed and released by its owner only.</summary>
    public static RedisKey LadderLease(string broadcastId) => $"ladder:lease:{broadcastId}";

    /// <summary>The renditions being made for the channel now (<see cref="Ladder.LadderState"/> as JSON), expiring unless renewed.</summary>
    public static RedisKey LadderState(string channel) => $"ladder:state:{channel}";

    // Real-time playback: the VodWorker's relay of each live broadcast into Janus.
    /// <summary>Which worker relays the broadcast into Janus: SET NX PX, renewed and released by its owner only.</summary>
    public static RedisKey RealtimeLease(string broadcastId) => $"realtime:lease:{broadcastId}";

    /// <summary>The id of the broadcast whose relay feeds the channel's Janus mountpoint now, expiring unless renewed.</summary>
    public static RedisKey RealtimeRelay(string channel) => $"realtime:relay:{channel}";

    // Restreaming (the Api keeps each channel's targets; the VodWorker's relay owns the leases and the states).
    /// <summary>Hash target id → <see cref="Restream.RestreamTarget"/> as JSON: the channel's restream targets.</summary>
    public static RedisKey RestreamTargets(string channel) => $"restream:targets:{channel}";

    /// <summary>Set of the channels that have restream targets: the worker reads targets of these only.</summary>
    public static readonly RedisKey RestreamChannels = "restream:channels";

    /// <summary>Which worker relays a broadcast to one target (job id <c>&lt;broadcast&gt;/&lt;target&gt;</c>): SET NX PX, renewed and released by its owner only.</summary>
    public static RedisKey RestreamLease(string jobId) => $"restream:lease:{jobId}";

    /// <summary>How the relay of a broadcast to one target is doing (<see cref="Restream.RestreamTargetState"/> as JSON).</summary>
    public static RedisKey RestreamState(string jobId) => $"restream:state:{jobId}";

    // Webhooks (the Api): registrations, and per webhook one delivery queue per broadcast, so each broadcast's events
    // reach a receiver in order while one broadcast's retries never hold up another's.
    /// <summary>Set of the webhook ids.</summary>
    public static readonly RedisKey Webhooks = "webhooks";

    /// <summary>Hash of a webhook's registration: URL, events, on/off, its signing secret (encrypted), creation time.</summary>
    public static RedisKey Webhook(string id) => $"webhook:{id}";

    /// <summary>Hash of a webhook's delivery state: last success, last failure and its reason, consecutive failures.</summary>
    public static RedisKey WebhookState(string id) => $"webhook:{id}:state";

    /// <summary>Sorted set broadcast id → when the head of that broadcast's queue is due (unix ms).</summary>
    public static RedisKey WebhookDue(string id) => $"webhook:{id}:due";

    /// <summary>List of the deliveries still to make of one broadcast's events to one webhook, oldest first.</summary>
    public static RedisKey WebhookQueue(string id, string broadcastId) => $"webhook:{id}:queue:{broadcastId}";

    /// <summary>Hash broadcast id → failed attempts of the head of that broadcast's queue.</summary>
    public static RedisKey WebhookAttempts(string id) => $"webhook:{id}:attempts";

    /// <summary>Which Api instance delivers the webhook's events now: SET NX PX, renewed and released by its owner only.</summary>
    public static RedisKey WebhookLease(string id) => $"webhook:{id}:lease";

    /// <summary>Marks an event already handed to the webhooks' queues, so a repeated one (a redelivered message) is not sent twice.</summary>
    public static RedisKey WebhookEventQueued(string eventId) => $"webhook:event:{eventId}";

    // Going live from the browser: the Api's FFmpeg publishes with a single-use grant instead of the stream key.
    /// <summary>A publish grant's use: set when the publish hook takes it (so it works once), then its outcome.</summary>
    public static RedisKey GoLiveGrant(string grantId) => $"golive:grant:{grantId}";
}
