using System.Text.Json;
using StackExchange.Redis;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.VodWorker.Ladder;

/// <summary>A live broadcast that wants a ladder, with the trace it belongs to.</summary>
public sealed record WantedLadder(string Channel, string BroadcastId, string? TraceParent);

/// <summary>
/// Which live broadcasts want a ladder: the channels live now (the Api's <c>sessions:live</c> index and each
/// <c>session:&lt;channel&gt;</c>) whose broadcast the publish hook marked in <see cref="StoreKeys.LadderBroadcasts"/>.
/// The mark names the broadcast, so a stale mark of an earlier broadcast of the channel never counts. Three reads a round.
/// </summary>
public sealed class LadderBroadcastReader(IConnectionMultiplexer redis)
{
    public async Task<IReadOnlyList<WantedLadder>> ReadAsync()
    {
        var database = redis.GetDatabase();
        var names = await database.SetMembersAsync("sessions:live");
        if (names.Length == 0)
        {
            return [];
        }

        var sessions = database.StringGetAsync(names.Select(n => (RedisKey)$"session:{n}").ToArray());
        var marks = database.HashGetAsync(StoreKeys.LadderBroadcasts, names);
        await Task.WhenAll(sessions, marks);

        var wanted = new List<WantedLadder>();
        for (var i = 0; i < names.Length; i++)
        {
            var name = (string?)names[i];
            if (marks.Result[i].IsNull || sessions.Result[i].IsNull || !StreamName.IsValid(name))
            {
                continue;
            }

            using var session = JsonDocument.Parse((string)sessions.Result[i]!);
            var id = session.RootElement.TryGetProperty("id", out var value) ? value.GetString() : null;
            if (id is not null && id == (string?)marks.Result[i] && SessionId.IsValid(id))
            {
                var traceParent = session.RootElement.TryGetProperty("traceParent", out var trace) ? trace.GetString() : null;
                wanted.Add(new WantedLadder(name, id, traceParent));
            }
        }

        return wanted;
    }
}
