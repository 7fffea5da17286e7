using StackExchange.Redis;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.BroadcastState.Sessions;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.VodWorker.Ladder;

/// <summary>A live broadcast that wants a ladder, with the trace it belongs to.</summary>
public sealed record WantedLadder(string Channel, string BroadcastId, string? TraceParent);

/// <summary>
/// Which live broadcasts want a ladder: the channels live now (<see cref="StoreKeys.LiveIndex"/> and each
/// <see cref="StoreKeys.Session"/>) whose broadcast the publish hook marked in <see cref="StoreKeys.LadderBroadcasts"/>.
/// The mark names the broadcast, so a stale mark of an earlier broadcast of the channel never counts. Three reads a round.
/// </summary>
public sealed class LadderBroadcastReader(IConnectionMultiplexer redis)
{
    public async Task<IReadOnlyList<WantedLadder>> ReadAsync()
    {
        var database = redis.GetDatabase();
        var names = await database.SetMembersAsync(StoreKeys.LiveIndex);
        if (names.Length == 0)
        {
            return [];
        }

        var sessions = database.StringGetAsync(names.Select(n => StoreKeys.Session(n!)).ToArray());
        var marks = database.HashGetAsync(StoreKeys.LadderBroadcasts, names);
        await Task.WhenAll(sessions, marks);

        var wanted = new List<WantedLadder>();
        for (var i = 0; i < names.Length; i++)
        {
            var name = (string?)names[i];
            if (marks.Result[i].IsNull || PublishSession.FromJson(sessions.Result[i]) is not { } session || !StreamName.IsValid(name))
            {
                continue;
            }

            if (session.Id == (string?)marks.Result[i] && SessionId.IsValid(session.Id))
            {
                wanted.Add(new WantedLadder(name, session.Id, session.TraceParent));
            }
        }

        return wanted;
    }
}
