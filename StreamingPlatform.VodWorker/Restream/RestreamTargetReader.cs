using StreamingPlatform.BroadcastState.Restream;
using StreamingPlatform.VodWorker.Live;

namespace StreamingPlatform.VodWorker.Restream;

/// <summary>A live broadcast and one of its channel's enabled targets: one relay.</summary>
public sealed record RestreamRequest(LiveBroadcast Broadcast, RestreamTarget Target)
{
    public string JobId => RestreamStates.JobId(Broadcast.BroadcastId, Target.Id);
}

/// <summary>
/// Which relays are wanted now: every enabled target of every live channel (<see cref="LiveBroadcastReader"/>). A channel
/// without targets costs nothing beyond one set lookup for all live channels.
/// </summary>
public sealed class RestreamTargetReader(LiveBroadcastReader live, RestreamTargets targets)
{
    public async Task<IReadOnlyList<RestreamRequest>> ReadAsync()
    {
        var broadcasts = await live.ReadAsync();
        var enabled = await targets.ReadEnabledAsync(broadcasts.Select(b => b.Channel).ToList());
        return broadcasts.SelectMany(b => enabled.GetValueOrDefault(b.Channel, []).Select(t => new RestreamRequest(b, t))).ToList();
    }
}
