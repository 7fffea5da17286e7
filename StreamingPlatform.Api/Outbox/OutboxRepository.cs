using StackExchange.Redis;
using StreamingPlatform.BroadcastState;

namespace StreamingPlatform.Api.Outbox;

/// <summary>
/// The outbox: <see cref="StoreKeys.OutboxDue"/> (member, due time in unix ms) and <see cref="StoreKeys.OutboxPayloads"/>. A message is
/// written here by the same Redis script that records what it is about, and removed once RabbitMQ confirmed it.
/// </summary>
public sealed class OutboxRepository(IConnectionMultiplexer redis)
{
    private IDatabase Database => redis.GetDatabase();

    public async Task<IReadOnlyList<OutboxMessage>> DueAsync(DateTimeOffset now, int max)
    {
        var members = await Database.SortedSetRangeByScoreAsync(StoreKeys.OutboxDue, double.NegativeInfinity, now.ToUnixTimeMilliseconds(), take: max);
        if (members.Length == 0)
        {
            return [];
        }

        var payloads = await Database.HashGetAsync(StoreKeys.OutboxPayloads, members);
        return members.Zip(payloads)
            .Where(pair => !pair.Second.IsNull)
            .Select(pair => new OutboxMessage(pair.First!, pair.Second!))
            .ToList();
    }

    public async Task RemoveAsync(OutboxMessage message)
    {
        var transaction = Database.CreateTransaction();
        _ = transaction.SortedSetRemoveAsync(StoreKeys.OutboxDue, message.Member);
        _ = transaction.HashDeleteAsync(StoreKeys.OutboxPayloads, message.Member);
        await transaction.ExecuteAsync();
    }

    /// <summary>Adds a message due at <paramref name="due"/>, unless one of that member waits already.</summary>
    public async Task AddAsync(OutboxMessage message, DateTimeOffset due)
    {
        var transaction = Database.CreateTransaction();
        _ = transaction.HashSetAsync(StoreKeys.OutboxPayloads, message.Member, message.Payload, When.NotExists);
        _ = transaction.SortedSetAddAsync(StoreKeys.OutboxDue, message.Member, due.ToUnixTimeMilliseconds(), SortedSetWhen.NotExists);
        await transaction.ExecuteAsync();
    }

    /// <summary>Removes a relayed message and adds <paramref name="next"/> (due at <paramref name="due"/>) in its place, at once.</summary>
    public async Task ReplaceAsync(OutboxMessage message, OutboxMessage next, DateTimeOffset due)
    {
        var transaction = Database.CreateTransaction();
        _ = transaction.SortedSetRemoveAsync(StoreKeys.OutboxDue, message.Member);
        _ = transaction.HashDeleteAsync(StoreKeys.OutboxPayloads, message.Member);
        _ = transaction.HashSetAsync(StoreKeys.OutboxPayloads, next.Member, next.Payload, When.NotExists);
        _ = transaction.SortedSetAddAsync(StoreKeys.OutboxDue, next.Member, due.ToUnixTimeMilliseconds(), SortedSetWhen.NotExists);
        await transaction.ExecuteAsync();
    }

    /// <summary>Whether any of the members waits in the outbox.</summary>
    public async Task<bool> HoldsAnyAsync(params string[] members)
    {
        var scores = await Database.SortedSetScoresAsync(StoreKeys.OutboxDue, members.Select(m => (RedisValue)m).ToArray());
        return scores.Any(score => score is not null);
    }

    /// <summary>Moves a message that could not be published to a later time.</summary>
    public Task PostponeAsync(OutboxMessage message, DateTimeOffset due) =>
        Database.SortedSetAddAsync(StoreKeys.OutboxDue, message.Member, due.ToUnixTimeMilliseconds(), SortedSetWhen.Exists);

    public Task<long> CountAsync() => Database.SortedSetLengthAsync(StoreKeys.OutboxDue);
}
