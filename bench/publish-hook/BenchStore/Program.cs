// What bench/publish-hook/run.sh writes to and reads from Redis, through the Api's own repositories.
//   BenchStore <redis> seed-channels <count> <stream key>
//     creates channels bench-0 .. bench-(count-1), all with the same stream key, as the admin API would, many at a
//     time (the admin API itself would take minutes for hundreds of thousands)
//   BenchStore <redis> count-live
//     prints how many broadcasts are open (live, or lapsed and not yet ended)
using StackExchange.Redis;
using StreamingPlatform.Api.Channels;
using StreamingPlatform.Api.Sessions;

using var redis = await ConnectionMultiplexer.ConnectAsync(args[0]);
switch (args[1])
{
    case "seed-channels":
        var (count, key) = (int.Parse(args[2]), args[3]);
        var channels = new ChannelRepository(redis);
        var createdAt = DateTimeOffset.UtcNow;
        const int InFlight = 2000;
        for (var start = 0; start < count; start += InFlight)
        {
            await Task.WhenAll(Enumerable.Range(start, Math.Min(InFlight, count - start))
                .Select(n => channels.TryCreateAsync($"bench-{n}", StreamKey.Hash($"bench-{n}", key), createdAt)));
        }

        break;
    case "count-live":
        Console.WriteLine(await new SessionRepository(redis).CountLiveAsync());
        break;
    default:
        Console.Error.WriteLine($"unknown command {args[1]}: seed-channels or count-live");
        return 2;
}

return 0;
