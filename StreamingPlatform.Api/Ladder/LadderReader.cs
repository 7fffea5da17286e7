using StackExchange.Redis;
using StreamingPlatform.Api.Sessions;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.BroadcastState.Ladder;
using StreamingPlatform.BroadcastState.Sessions;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.Api.Ladder;

/// <summary>
/// Reads, for live broadcasts, whether each wants a ladder (the publish hook's mark) and what the transcoder makes of
/// it now (its state, written while its FFmpeg makes progress). Two reads for any number of broadcasts.
/// </summary>
public sealed class LadderReader(IConnectionMultiplexer redis)
{
    /// <summary>The broadcasts with a ladder, by channel, each with the renditions being made now (none while starting or restarting).</summary>
    public async Task<IReadOnlyDictionary<string, LadderState>> ReadAsync(IReadOnlyList<PublishSession> sessions)
    {
        if (sessions.Count == 0)
        {
            return new Dictionary<string, LadderState>();
        }

        var database = redis.GetDatabase();
        var marks = database.HashGetAsync(StoreKeys.LadderBroadcasts, sessions.Select(s => (RedisValue)s.Channel).ToArray());
        var states = database.StringGetAsync(sessions.Select(s => (RedisKey)StoreKeys.LadderState(s.Channel)).ToArray());
        await Task.WhenAll(marks, states);

        var ladders = new Dictionary<string, LadderState>();
        for (var i = 0; i < sessions.Count; i++)
        {
            if (marks.Result[i] != sessions[i].Id)
            {
                continue;
            }

            var state = LadderState.FromJson(states.Result[i]);
            ladders[sessions[i].Channel] = state is not null && state.BroadcastId == sessions[i].Id ? state : new LadderState(sessions[i].Id, []);
        }

        return ladders;
    }
}
