using System.Text.Json;
using StackExchange.Redis;
using StreamingPlatform.Api.Channels;
using StreamingPlatform.Api.Hooks;
using StreamingPlatform.Api.Outbox;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.BroadcastState.Sessions;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.Api.Sessions;

/// <summary>
/// Live sessions in Redis (keys: <see cref="StoreKeys"/>, scripts: <c>StreamingPlatform.BroadcastState/Scripts</c>).
/// <see cref="StoreKeys.Session"/> holds the session as JSON under a lease: the key existing is what makes a name live,
/// so a crashed nginx frees its names when the leases run out. An ended
/// connection's session stays <see cref="StoreKeys.Resumable"/> for the reconnect grace window.
/// <see cref="StoreKeys.OpenBroadcasts"/> holds every broadcast from its publish to its publish_done, lease or not: a
/// lease that ran out while nobody could renew it (the Api away, nginx answering heartbeats for it) does not end the
/// broadcast; the next heartbeat continues it, and <see cref="EndExpiredAsync"/> ends it when no heartbeat comes.
/// <see cref="StoreKeys.LeaseDeadlines"/> (Redis's own clock, as the leases) indexes the open broadcasts, so finding the
/// lapsed ones reads only those, however many streams are live. While a webhook is registered, the script that claims a
/// new broadcast also queues its session in the outbox, from which the relay makes its stream.started event.
/// </summary>
public sealed class SessionRepository(IConnectionMultiplexer redis)
{
    // A connection's recordings belong to the broadcast it published, even when its record_done arrives after the
    // phone has reconnected and the broadcast moved to the new connection.
    private static readonly TimeSpan ConnectionMemory = TimeSpan.FromDays(1);

    private IDatabase Database => redis.GetDatabase();

    /// <summary>
    /// An accepted publish in one round trip (<c>publish.lua</c>): claims the name as <see cref="StartAsync"/> does, marks the
    /// broadcast for the quality ladder when its channel has it on, and starts the connection's media clock at
    /// <paramref name="connectedAt"/>. Null when another session holds the name.
    /// </summary>
    public async Task<(PublishSession Session, bool Ladder)?> PublishAsync(PublishSession session, TimeSpan lease, DateTimeOffset connectedAt)
    {
        var result = await StoreScripts.Publish.EvaluateAsync(Database, ClaimArguments(session, lease, connectedAt));
        if (result.IsNull)
        {
            return null;
        }

        var parts = (RedisResult[])result!;
        return (Parse((RedisValue)parts[0])!, (int)parts[1] == 1);
    }

    /// <summary>
    /// A publish that shows its stream key, usually in one round trip (<c>publish-with-key.lua</c>): checks the key against
    /// the channel's stored hash and, when it matches and <paramref name="diskLow"/> is false, does what
    /// <see cref="PublishAsync"/> does. A hash stored under another salt than <see cref="StreamKey.SaltFor"/> costs a
    /// second round trip, with that salt. A new broadcast's session is <paramref name="session"/> itself: the script answers
    /// a session only when the publish continues another broadcast.
    /// </summary>
    public async Task<KeyedPublish> PublishWithKeyAsync(PublishSession session, string key, bool diskLow, TimeSpan lease, DateTimeOffset connectedAt)
    {
        var salt = StreamKey.SaltFor(session.Channel);
        for (var attempt = 0; attempt < 2 && StreamKey.Digest(salt, key) is { } digest; attempt++)
        {
            var parts = (RedisResult[])(await StoreScripts.PublishWithKey.EvaluateAsync(Database, ClaimArguments(session, lease, connectedAt, salt, digest, diskLow)))!;
            var trace = parts[1].IsNull ? null : (string?)parts[1];
            switch ((string?)parts[0])
            {
                case "salt":
                    salt = (string)parts[2]!;
                    continue;
                case "accepted":
                    return new(PublishOutcome.Accepted, trace, parts[2].IsNull ? session : Parse((RedisValue)parts[2]), (int)parts[3] == 1);
                case "unknown_channel":
                    return new(PublishOutcome.UnknownChannel, trace);
                case "disk_low":
                    return new(PublishOutcome.DiskLow, trace);
                case "duplicate":
                    return new(PublishOutcome.Duplicate, trace);
                default:
                    return new(PublishOutcome.WrongKey, trace);
            }
        }

        // The stored salt is corrupt, or changed between the two calls (the key was rotated meanwhile): no key matches it.
        return new(PublishOutcome.WrongKey, null);
    }

    /// <summary>
    /// Claims the name for <paramref name="session"/>, or for the broadcast it continues (same id, start and trace);
    /// null when another session holds the name. A publish claims with <see cref="PublishAsync"/>.
    /// </summary>
    public async Task<PublishSession?> StartAsync(PublishSession session, TimeSpan lease)
    {
        var started = await StoreScripts.StartSession.EvaluateAsync(Database, ClaimArguments(session, lease, connectedAt: null));
        return Parse((RedisValue)started);
    }

    /// <summary>
    /// The parameters of <c>claim-session.lua</c> and of what <c>publish.lua</c> and <c>publish-with-key.lua</c> add (a script
    /// ignores those it does not name).
    /// </summary>
    private object ClaimArguments(PublishSession session, TimeSpan lease, DateTimeOffset? connectedAt, string salt = "", string digest = "", bool diskLow = false)
    {
        return new
        {
            sessionKey = StoreKeys.Session(session.Channel),
            resumeKey = StoreKeys.Resumable(session.Channel),
            connectionKey = StoreKeys.Connection(session.Owner),
            channelKey = StoreKeys.Channel(session.Channel),
            clock = StoreKeys.MediaClock(session.Channel),
            name = session.Channel,
            session = JsonSerializer.Serialize(session, StoredJson.Default.PublishSession),
            node = session.Node,
            clientId = session.ClientId,
            owner = session.Owner,
            leaseMs = (long)lease.TotalMilliseconds,
            connectionMs = (long)ConnectionMemory.TotalMilliseconds,
            endedPrefix = OutboxMessage.BroadcastEndedPrefix,
            connectedAt = connectedAt?.ToUnixTimeMilliseconds() ?? 0,
            startedMember = OutboxMessage.StreamStartedMember(session.Id),
            startedDue = session.StartedAt.ToUnixTimeMilliseconds(),
            salt,
            digest,
            diskLow = diskLow ? 1 : 0,
        };
    }

    public async Task<RenewResult> RenewAsync(string name, string owner, TimeSpan lease)
    {
        var renewed = (int)await StoreScripts.RenewSession.EvaluateAsync(Database, new
        {
            sessionKey = StoreKeys.Session(name),
            name,
            owner,
            leaseMs = (long)lease.TotalMilliseconds,
        });
        return renewed switch
        {
            1 => RenewResult.Renewed,
            0 => RenewResult.NotOwner,
            _ => RenewResult.Missing,
        };
    }

    /// <summary>
    /// Ends <paramref name="broadcast"/> when the connection <paramref name="owner"/> holds it (a refused duplicate ends
    /// nothing) and returns it. It ends for good <paramref name="grace"/> later unless the channel publishes again; its
    /// BroadcastEnded continues the trace <paramref name="traceParent"/>.
    /// </summary>
    public Task<PublishSession?> EndAsync(PublishSession broadcast, string owner, DateTimeOffset now, TimeSpan grace, string? traceParent) =>
        CloseAsync(StoreScripts.EndSession, broadcast, owner, now, grace, traceParent);

    /// <summary>
    /// Ends the open broadcast <paramref name="broadcast"/> if its lease is still gone, as publish_done would have; null
    /// when it was renewed or already ended meanwhile.
    /// </summary>
    public Task<PublishSession?> EndExpiredAsync(PublishSession broadcast, DateTimeOffset now, TimeSpan grace, string? traceParent) =>
        CloseAsync(StoreScripts.EndExpiredSession, broadcast, owner: "", now, grace, traceParent);

    private async Task<PublishSession?> CloseAsync(LuaScript script, PublishSession broadcast, string owner, DateTimeOffset now, TimeSpan grace, string? traceParent)
    {
        var ended = OutboxMessage.For(new BroadcastEnded(broadcast.Id, broadcast.Channel, now, broadcast.StartedAt), traceParent);
        var result = await script.EvaluateAsync(Database, new
        {
            sessionKey = StoreKeys.Session(broadcast.Channel),
            resumeKey = StoreKeys.Resumable(broadcast.Channel),
            name = broadcast.Channel,
            broadcastId = broadcast.Id,
            owner,
            graceMs = (long)grace.TotalMilliseconds,
            endedMember = ended.Member,
            endedPayload = ended.Payload,
            endedDue = (now + grace).ToUnixTimeMilliseconds(),
        });
        return Parse((RedisValue)result);
    }

    /// <summary>The open broadcasts (publish seen, publish_done not) whose lease has run out, longest lapsed first.</summary>
    public async Task<IReadOnlyList<PublishSession>> ListExpiredOpenAsync(int atMost)
    {
        var expired = (RedisValue[]?)await StoreScripts.ListExpiredSessions.EvaluateAsync(Database, new
        {
            sessionPrefix = StoreKeys.SessionPrefix,
            atMost,
        });
        return (expired ?? []).Select(Parse).OfType<PublishSession>().ToList();
    }

    /// <summary>The channel's open broadcast (publish seen, publish_done not), whether its lease runs or ran out.</summary>
    public async Task<PublishSession?> GetOpenAsync(string name) => Parse(await Database.HashGetAsync(StoreKeys.OpenBroadcasts, name));

    /// <summary>The broadcast that the connection <paramref name="owner"/> published, or null.</summary>
    public async Task<PublishSession?> SessionOfConnectionAsync(string owner) => Parse(await Database.StringGetAsync(StoreKeys.Connection(owner)));

    /// <summary>The channel's last broadcast while it may still be resumed (within the reconnect grace window).</summary>
    public async Task<PublishSession?> GetResumableAsync(string name) => Parse(await Database.StringGetAsync(StoreKeys.Resumable(name)));

    public async Task<PublishSession?> GetAsync(string name) => Parse(await Database.StringGetAsync(StoreKeys.Session(name)));

    /// <summary>
    /// The open broadcasts in O(1): those whose lease ran out count until a heartbeat renews them or the reconciler ends
    /// them (a broadcast whose Api was away is still going).
    /// </summary>
    public Task<long> CountLiveAsync() => Database.HashLengthAsync(StoreKeys.OpenBroadcasts);

    /// <summary>The broadcasts live now: the open ones that hold their lease.</summary>
    public async Task<IReadOnlyList<PublishSession>> ListLiveAsync()
    {
        var names = await Database.HashKeysAsync(StoreKeys.OpenBroadcasts);
        if (names.Length == 0)
        {
            return [];
        }

        var values = await Database.StringGetAsync(names.Select(n => StoreKeys.Session(n!)).ToArray());
        return values.Select(Parse).OfType<PublishSession>().OrderBy(s => s.StartedAt).ToList();
    }

    private static PublishSession? Parse(RedisValue value) => PublishSession.FromJson(value);
}
