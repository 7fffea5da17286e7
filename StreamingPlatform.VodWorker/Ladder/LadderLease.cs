using StackExchange.Redis;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.VodWorker.Ladder;

/// <summary>
/// One worker transcodes a broadcast: it holds <see cref="LadderKeys.Lease"/> (SET NX PX), renews it each round and
/// releases it when done; only the owner may renew or release. A killed worker's lease lapses and another takes over.
/// </summary>
public sealed class LadderLease(IConnectionMultiplexer redis)
{
    private const string RenewScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private IDatabase Database => redis.GetDatabase();

    public Task<bool> TryAcquireAsync(string broadcastId, string owner, TimeSpan lease) =>
        Database.StringSetAsync(LadderKeys.Lease(broadcastId), owner, lease, When.NotExists);

    public async Task<bool> RenewAsync(string broadcastId, string owner, TimeSpan lease) =>
        (int)await Database.ScriptEvaluateAsync(RenewScript, [LadderKeys.Lease(broadcastId)], [owner, (long)lease.TotalMilliseconds]) == 1;

    public Task ReleaseAsync(string broadcastId, string owner) =>
        Database.ScriptEvaluateAsync(ReleaseScript, [LadderKeys.Lease(broadcastId)], [owner]);

    public async Task<string?> OwnerAsync(string broadcastId) => await Database.StringGetAsync(LadderKeys.Lease(broadcastId));
}
