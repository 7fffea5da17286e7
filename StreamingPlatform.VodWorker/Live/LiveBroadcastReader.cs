using StackExchange.Redis;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.BroadcastState.Sessions;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.VodWorker.Live;

/// <summary>A live broadcast, with the trace it belongs to.</summary>
public sealed record LiveBroadcast(string Channel, string BroadcastId, string? TraceParent);

/// <summary>
/// The broadcasts live now: the open broadcasts' names (<see cref="StoreKeys.OpenBroadcasts"/>) and each channel's <see cref="StoreKeys.Session"/>, two reads
/// whatever the number of channels. The live jobs (quality ladder, real-time relay) start from this list.
/// </summary>
public sealed class LiveBroadcastReader(IConnectionMultiplexer redis)
{
    public async Task<IReadOnlyList<LiveBroadcast>> ReadAsync()
    {
        var database = redis.GetDatabase();
        var names = await database.HashKeysAsync(StoreKeys.OpenBroadcasts);
        if (names.Length == 0)
        {
            return [];
        }

        var sessions = await database.StringGetAsync(names.Select(n => StoreKeys.Session(n!)).ToArray());
        var live = new List<LiveBroadcast>();
        for (var i = 0; i < names.Length; i++)
        {
            var name = (string?)names[i];
            if (StreamName.IsValid(name) && PublishSession.FromJson(sessions[i]) is { } session && SessionId.IsValid(session.Id))
            {
                live.Add(new LiveBroadcast(name!, session.Id, session.TraceParent));
            }
        }

        return live;
    }
}
