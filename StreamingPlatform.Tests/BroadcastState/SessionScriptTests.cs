using System.Text.Json;
using StackExchange.Redis;
using StreamingPlatform.Api.Channels;
using StreamingPlatform.Api.Hooks;
using StreamingPlatform.Api.Outbox;
using StreamingPlatform.Api.Sessions;
using StreamingPlatform.Api.Webhooks;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.BroadcastState.Sessions;
using StreamingPlatform.Contracts;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.BroadcastState;

/// <summary>
/// The session scripts (<c>StreamingPlatform.BroadcastState/Scripts</c>) against a bare redis-server: what a broadcast's
/// keys hold after each hook. They read the session's JSON by property name, so these also fail when a property of
/// <see cref="PublishSession"/> is renamed.
/// </summary>
public sealed class SessionScriptTests(BareRedis redis) : IClassFixture<BareRedis>
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(20);
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);

    private readonly SessionRepository _sessions = new(redis.Connection);

    private IDatabase Db => redis.Database;

    [Fact]
    public void TheSessionJsonHasThePropertyNamesTheScriptsRead()
    {
        var json = JsonSerializer.Serialize(Session("names", "1"), StoredJson.Default.PublishSession);
        using var document = JsonDocument.Parse(json);
        var names = document.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "id", "channel", "node", "clientId", "owner" }, names);
        Assert.Equal("node/1", document.RootElement.GetProperty("owner").GetString());
    }

    [Fact]
    public async Task StartClaimsTheNameIndexesItAndRefusesASecondConnection()
    {
        var first = Session("claim", "1");
        Assert.Equal(first, await _sessions.StartAsync(first, Lease));
        Assert.Null(await _sessions.StartAsync(Session("claim", "2"), Lease));

        Assert.True(await Db.HashExistsAsync(StoreKeys.OpenBroadcasts, "claim"));
        Assert.NotNull(await Db.SortedSetScoreAsync(StoreKeys.LeaseDeadlines, "claim"));
        Assert.Equal(first, await _sessions.SessionOfConnectionAsync(first.Owner));
        var ttl = await Db.KeyTimeToLiveAsync(StoreKeys.Session("claim"));
        Assert.InRange(ttl!.Value, Lease - TimeSpan.FromSeconds(5), Lease);
    }

    [Fact]
    public async Task APublishClaimsTheNameMarksTheLadderAndStartsTheMediaClockInOneScript()
    {
        await Db.HashSetAsync(StoreKeys.Channel("pub-ladder"), "ladder", "1");
        await Db.HashSetAsync(StoreKeys.LadderBroadcasts, "pub-plain", "an-earlier-broadcast");
        var withLadder = Session("pub-ladder", "1");
        var plain = Session("pub-plain", "1");

        Assert.Equal((withLadder, true), await _sessions.PublishAsync(withLadder, Lease, Now));
        Assert.Equal((plain, false), await _sessions.PublishAsync(plain, Lease, Now));

        Assert.Equal(withLadder, await _sessions.GetOpenAsync("pub-ladder"));
        Assert.NotNull(await Db.SortedSetScoreAsync(StoreKeys.LeaseDeadlines, "pub-ladder"));
        Assert.Equal(withLadder.Id, (string?)await Db.HashGetAsync(StoreKeys.LadderBroadcasts, "pub-ladder"));
        Assert.Equal("an-earlier-broadcast", (string?)await Db.HashGetAsync(StoreKeys.LadderBroadcasts, "pub-plain")); // names another broadcast: ignored
        var clock = await new MediaClockRepository(redis.Connection).GetAsync("pub-ladder");
        Assert.Equal(new StoredMediaClock("node/1", Now.ToUnixTimeMilliseconds(), Now.ToUnixTimeMilliseconds(), Measured: false), clock);

        // A refused duplicate changes nothing of the live broadcast: not its clock, not its mark.
        Assert.Null(await _sessions.PublishAsync(Session("pub-ladder", "2") with { Id = "other-id" }, Lease, Now.AddSeconds(9)));
        Assert.Equal(clock, await new MediaClockRepository(redis.Connection).GetAsync("pub-ladder"));
        Assert.Equal(withLadder.Id, (string?)await Db.HashGetAsync(StoreKeys.LadderBroadcasts, "pub-ladder"));

        // The ladder turned off, the phone reconnects within the grace window: the continued broadcast loses its mark.
        await Db.HashDeleteAsync(StoreKeys.Channel("pub-ladder"), "ladder");
        await _sessions.EndAsync(withLadder, withLadder.Owner, Now, Grace, traceParent: null);
        Assert.Equal((withLadder with { ClientId = "3" }, false), await _sessions.PublishAsync(Session("pub-ladder", "3") with { Id = "third-id" }, Lease, Now.AddSeconds(20)));
        Assert.False(await Db.HashExistsAsync(StoreKeys.LadderBroadcasts, "pub-ladder"));
    }

    [Fact]
    public async Task APublishWithAKeyClaimsOnlyWhenTheKeyMatchesAndTheDiskHasRoom()
    {
        var channels = new ChannelRepository(redis.Connection);
        const string Key = "the-right-key";
        await channels.TryCreateAsync("keyed", StreamKey.Hash("keyed", Key), Now);

        Assert.Equal(new KeyedPublish(PublishOutcome.UnknownChannel, null), await _sessions.PublishWithKeyAsync(Session("keyed-nobody", "1"), Key, false, Lease, Now));
        Assert.Equal(new KeyedPublish(PublishOutcome.WrongKey, null), await _sessions.PublishWithKeyAsync(Session("keyed", "1"), "a-wrong-key", false, Lease, Now));
        Assert.Equal(new KeyedPublish(PublishOutcome.DiskLow, null), await _sessions.PublishWithKeyAsync(Session("keyed", "1"), Key, true, Lease, Now));
        Assert.False(await Db.KeyExistsAsync(StoreKeys.Session("keyed")));
        Assert.False(await Db.KeyExistsAsync(StoreKeys.MediaClock("keyed")));

        var first = Session("keyed", "1");
        Assert.Equal(new KeyedPublish(PublishOutcome.Accepted, null, first, false), await _sessions.PublishWithKeyAsync(first, Key, false, Lease, Now));
        Assert.Equal(first, await _sessions.GetAsync("keyed"));
        Assert.Equal("node/1", (await new MediaClockRepository(redis.Connection).GetAsync("keyed"))!.Owner);
        Assert.Equal(PublishOutcome.Duplicate, (await _sessions.PublishWithKeyAsync(Session("keyed", "2") with { Id = "other-id" }, Key, false, Lease, Now)).Outcome);
    }

    [Fact]
    public async Task APublishStillClaimsAfterRedisLostItsScripts()
    {
        const string Key = "a-flushed-key";
        var channels = new ChannelRepository(redis.Connection);
        await channels.TryCreateAsync("flushed-1", StreamKey.Hash("flushed-1", Key), Now);
        await channels.TryCreateAsync("flushed-2", StreamKey.Hash("flushed-2", Key), Now);
        Assert.Equal(PublishOutcome.Accepted, (await _sessions.PublishWithKeyAsync(Session("flushed-1", "1"), Key, false, Lease, Now)).Outcome);

        // As a restarted Redis: its scripts are gone while this connection still calls them by their SHA1.
        await using (var admin = await ConnectionMultiplexer.ConnectAsync($"{redis.Connection.Configuration},allowAdmin=true"))
        {
            await admin.GetServers()[0].ScriptFlushAsync();
        }

        var second = Session("flushed-2", "1");
        Assert.Equal(new KeyedPublish(PublishOutcome.Accepted, null, second, false), await _sessions.PublishWithKeyAsync(second, Key, false, Lease, Now));
        Assert.Equal(second, await _sessions.GetAsync("flushed-2"));
    }

    [Fact]
    public async Task APublishWithAKeyMarksTheLadderWhenItsChannelHasItOn()
    {
        const string Key = "a-ladder-key";
        var channels = new ChannelRepository(redis.Connection);
        await channels.TryCreateAsync("keyed-ladder", StreamKey.Hash("keyed-ladder", Key), Now);
        await Db.HashSetAsync(StoreKeys.Channel("keyed-ladder"), "ladder", "1");
        var session = Session("keyed-ladder", "1");

        Assert.Equal(new KeyedPublish(PublishOutcome.Accepted, null, session, true), await _sessions.PublishWithKeyAsync(session, Key, false, Lease, Now));
        Assert.Equal(session.Id, (string?)await Db.HashGetAsync(StoreKeys.LadderBroadcasts, "keyed-ladder"));
    }

    [Fact]
    public async Task APublishWithAKeyStoredUnderAnotherSaltIsCheckedWithThatSaltAndGetsTheResumableTrace()
    {
        const string Key = "an-older-key";
        const string Trace = "00-0123456789abcdef0123456789abcdef-0123456789abcdef-01";
        var salt = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        await new ChannelRepository(redis.Connection).TryCreateAsync("salted", new StreamKeyHash(salt, StreamKey.Digest(salt, Key)!), Now);
        var first = Session("salted", "1") with { TraceParent = Trace };
        Assert.Equal(PublishOutcome.Accepted, (await _sessions.PublishWithKeyAsync(first, Key, false, Lease, Now)).Outcome);
        await _sessions.EndAsync(first, first.Owner, Now, Grace, traceParent: null);

        Assert.Equal(new KeyedPublish(PublishOutcome.WrongKey, Trace), await _sessions.PublishWithKeyAsync(Session("salted", "2"), "not-it", false, Lease, Now));
        var again = await _sessions.PublishWithKeyAsync(Session("salted", "2") with { Id = "a-new-id" }, Key, false, Lease, Now);

        Assert.Equal(new KeyedPublish(PublishOutcome.Accepted, Trace, first with { ClientId = "2" }, false), again);
    }

    [Fact]
    public async Task APublishWithinTheGraceWindowMarksTheBroadcastItContinues()
    {
        await Db.HashSetAsync(StoreKeys.Channel("pub-resume"), "ladder", "1");
        var first = Session("pub-resume", "1");
        await _sessions.PublishAsync(first, Lease, Now);
        await _sessions.EndAsync(first, first.Owner, Now, Grace, traceParent: null);

        var again = await _sessions.PublishAsync(Session("pub-resume", "2") with { Id = "a-new-id" }, Lease, Now.AddSeconds(5));

        Assert.Equal((first with { ClientId = "2" }, true), again);
        Assert.Equal(first.Id, (string?)await Db.HashGetAsync(StoreKeys.LadderBroadcasts, "pub-resume"));
        Assert.Equal("node/2", (await new MediaClockRepository(redis.Connection).GetAsync("pub-resume"))!.Owner);
    }

    [Fact]
    public async Task RenewExtendsOnlyTheOwnersLease()
    {
        var session = Session("renew", "1");
        await _sessions.StartAsync(session, TimeSpan.FromSeconds(5));

        Assert.Equal(RenewResult.NotOwner, await _sessions.RenewAsync("renew", "node/2", Lease));
        Assert.True((await Db.KeyTimeToLiveAsync(StoreKeys.Session("renew")))!.Value <= TimeSpan.FromSeconds(5));
        Assert.Equal(RenewResult.Renewed, await _sessions.RenewAsync("renew", session.Owner, Lease));
        Assert.True((await Db.KeyTimeToLiveAsync(StoreKeys.Session("renew")))!.Value > TimeSpan.FromSeconds(5));
        Assert.Equal(RenewResult.Missing, await _sessions.RenewAsync("nobody", session.Owner, Lease));
    }

    [Fact]
    public async Task EndQueuesTheBroadcastEndedBuiltInCSharpForWhenTheGraceWindowCloses()
    {
        var session = Session("end", "1");
        await _sessions.StartAsync(session, Lease);

        Assert.Null(await _sessions.EndAsync(session, "node/9", Now, Grace, traceParent: null));
        var ended = await _sessions.EndAsync(session, session.Owner, Now, Grace, "00-0123456789abcdef0123456789abcdef-0123456789abcdef-01");

        Assert.Equal(session, ended);
        Assert.False(await Db.KeyExistsAsync(StoreKeys.Session("end")));
        Assert.False(await Db.HashExistsAsync(StoreKeys.OpenBroadcasts, "end"));
        Assert.Null(await Db.SortedSetScoreAsync(StoreKeys.LeaseDeadlines, "end"));
        Assert.Equal(session, await _sessions.GetResumableAsync("end"));

        var expected = OutboxMessage.For(new BroadcastEnded(session.Id, "end", Now, session.StartedAt), "00-0123456789abcdef0123456789abcdef-0123456789abcdef-01");
        Assert.Equal((Now + Grace).ToUnixTimeMilliseconds(), await Db.SortedSetScoreAsync(StoreKeys.OutboxDue, expected.Member));
        var stored = new OutboxMessage(expected.Member, (await Db.HashGetAsync(StoreKeys.OutboxPayloads, expected.Member))!);
        Assert.Equal(expected.Payload, stored.Payload);
        Assert.Equal(new BroadcastEnded(session.Id, "end", Now, session.StartedAt), stored.Read().Message);
    }

    [Fact]
    public async Task AReconnectWithinTheGraceWindowContinuesTheBroadcastAndCancelsItsEnd()
    {
        var session = Session("resume", "1");
        await _sessions.StartAsync(session, Lease);
        await _sessions.EndAsync(session, session.Owner, Now, Grace, traceParent: null);

        var again = await _sessions.StartAsync(Session("resume", "2"), Lease);

        Assert.Equal(session with { ClientId = "2" }, again);
        Assert.Equal("node/2", again!.Owner);
        Assert.Null(await Db.SortedSetScoreAsync(StoreKeys.OutboxDue, OutboxMessage.BroadcastEndedPrefix + session.Id));
        Assert.False(await Db.HashExistsAsync(StoreKeys.OutboxPayloads, OutboxMessage.BroadcastEndedPrefix + session.Id));
        Assert.False(await Db.KeyExistsAsync(StoreKeys.Resumable("resume")));
        Assert.Equal(RenewResult.Renewed, await _sessions.RenewAsync("resume", "node/2", Lease));
    }

    [Fact]
    public async Task ANewBroadcastQueuesItsStreamStartedEventAndOneThatContinuesDoesNot()
    {
        await Db.SetAddAsync(StoreKeys.Webhooks, "wh_started");
        try
        {
            var session = Session("started", "1");
            await _sessions.PublishAsync(session, Lease, Now);
            await _sessions.EndAsync(session, session.Owner, Now, Grace, traceParent: null);
            await _sessions.StartAsync(Session("started", "2"), Lease); // a reconnect within the grace window

            var member = OutboxMessage.StreamStartedMember(session.Id);
            Assert.Equal(Now.ToUnixTimeMilliseconds(), await Db.SortedSetScoreAsync(StoreKeys.OutboxDue, member));
            var stored = new OutboxMessage(member, (await Db.HashGetAsync(StoreKeys.OutboxPayloads, member))!);
            var (message, traceParent) = stored.Read();
            Assert.Equal(session, message);
            Assert.Equal(session.TraceParent, traceParent);
            var read = WebhookEvent.StreamStarted(Assert.IsType<PublishSession>(message), streaming: null);
            Assert.Equal((WebhookEventTypes.StreamStarted, session.Id, "started", session.TraceParent), (read.Type, read.BroadcastId, read.Data.Channel, read.TraceParent));

            // The continued broadcast queued nothing more; a heartbeat that starts a new one after the window does.
            var queued = (await Db.SortedSetRangeByScoreAsync(StoreKeys.OutboxDue)).Select(m => (string)m!)
                .Where(m => m.StartsWith(OutboxMessage.StreamStartedMember("started"), StringComparison.Ordinal)).ToList();
            Assert.Equal([member], queued);
            var later = new PublishSession("started-2-id", "started", "node", "3", Now.AddMinutes(1));
            await _sessions.EndAsync(Session("started", "2"), "node/2", Now, TimeSpan.Zero, traceParent: null);
            await _sessions.StartAsync(later, Lease);
            Assert.NotNull(await Db.SortedSetScoreAsync(StoreKeys.OutboxDue, OutboxMessage.StreamStartedMember(later.Id)));
        }
        finally
        {
            await Db.SetRemoveAsync(StoreKeys.Webhooks, "wh_started");
        }
    }

    [Fact]
    public async Task ABroadcastThatStartsWhileNoWebhookIsRegisteredQueuesNoEvent()
    {
        var queuedBefore = await Db.SortedSetLengthAsync(StoreKeys.OutboxDue);
        Assert.NotNull(await _sessions.PublishAsync(Session("unheard", "1"), Lease, Now));

        Assert.Equal(queuedBefore, await Db.SortedSetLengthAsync(StoreKeys.OutboxDue));
    }

    [Fact]
    public async Task ALapsedLeaseIsListedAndEndedOnceButNotWhenRenewedMeanwhile()
    {
        var lapsed = Session("lapsed", "1");
        await _sessions.StartAsync(lapsed, TimeSpan.FromMilliseconds(50));
        var renewed = Session("alive", "1");
        await _sessions.StartAsync(renewed, TimeSpan.FromMilliseconds(50));
        await Task.Delay(200);
        await _sessions.StartAsync(Session("alive", "2"), Lease);

        var expired = await _sessions.ListExpiredOpenAsync(atMost: 10);

        Assert.Contains(lapsed, expired);
        Assert.DoesNotContain(expired, s => s.Channel == "alive");
        Assert.Equal(lapsed, await _sessions.EndExpiredAsync(lapsed, Now, Grace, traceParent: null));
        Assert.Null(await _sessions.EndExpiredAsync(lapsed, Now, Grace, traceParent: null));
        Assert.Null(await _sessions.EndExpiredAsync(renewed, Now, Grace, traceParent: null));
        Assert.DoesNotContain(await _sessions.ListExpiredOpenAsync(atMost: 10), s => s.Channel == "lapsed");
        Assert.NotNull(await Db.SortedSetScoreAsync(StoreKeys.OutboxDue, OutboxMessage.BroadcastEndedPrefix + lapsed.Id));
    }

    [Fact]
    public async Task ListingLiveLeavesOutOpenBroadcastsWhoseLeaseRanOut()
    {
        await _sessions.StartAsync(Session("prune-a", "1"), TimeSpan.FromMilliseconds(50));
        var kept = Session("prune-b", "1");
        await _sessions.StartAsync(kept, Lease);
        await Task.Delay(200);

        var live = await _sessions.ListLiveAsync();

        Assert.Contains(kept, live);
        Assert.DoesNotContain(live, s => s.Channel == "prune-a");
        Assert.True(await Db.HashExistsAsync(StoreKeys.OpenBroadcasts, "prune-a")); // still open: the reconciler ends it
    }

    private static PublishSession Session(string channel, string clientId) =>
        new($"{channel}-id", channel, "node", clientId, Now, "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01");
}
