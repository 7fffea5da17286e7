using StackExchange.Redis;

namespace StreamingPlatform.BroadcastState.Restream;

/// <summary>
/// The state of each relay of a broadcast to a target (<see cref="StoreKeys.RestreamState"/>): the worker holding its
/// lease (<see cref="StoreKeys.RestreamLease"/>) writes it, the Api reads it. A state whose lease is gone (its worker
/// stopped or died) does not count.
/// </summary>
public sealed class RestreamStates(IConnectionMultiplexer redis)
{
    /// <summary>A state outlives its worker at most this long; the lease decides long before.</summary>
    private static readonly TimeSpan Expiry = TimeSpan.FromHours(1);

    private IDatabase Database => redis.GetDatabase();

    /// <summary>The id of the relay of a broadcast to a target: its lease and its state are named by it.</summary>
    public static string JobId(string broadcastId, string targetId) => $"{broadcastId}/{targetId}";

    public Task WriteAsync(string jobId, RestreamTargetState state) => Database.StringSetAsync(StoreKeys.RestreamState(jobId), state.ToJson(), Expiry);

    public Task DeleteAsync(string jobId) => Database.KeyDeleteAsync(StoreKeys.RestreamState(jobId));

    /// <summary>The state of each target's relay of the broadcast, null where no worker relays it now.</summary>
    public async Task<IReadOnlyList<RestreamTargetState?>> ReadAsync(string broadcastId, IReadOnlyList<string> targetIds)
    {
        if (targetIds.Count == 0)
        {
            return [];
        }

        var jobs = targetIds.Select(t => JobId(broadcastId, t)).ToList();
        var batch = Database.CreateBatch();
        var states = batch.StringGetAsync(jobs.Select(j => StoreKeys.RestreamState(j)).ToArray());
        var leases = jobs.Select(j => batch.KeyExistsAsync(StoreKeys.RestreamLease(j))).ToList();
        batch.Execute();
        var values = await states;
        var result = new List<RestreamTargetState?>(jobs.Count);
        for (var i = 0; i < jobs.Count; i++)
        {
            result.Add(await leases[i] ? RestreamTargetState.FromJson(values[i]) : null);
        }

        return result;
    }
}
