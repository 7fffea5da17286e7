using StackExchange.Redis;

namespace StreamingPlatform.Api.Outbox;

/// <summary>
/// The outbox: sorted set <c>outbox</c> (member, due time in unix ms) and hash <c>outbox:payloads</c>. A message is
/// written here by the same Redis script that records what it is about, and removed once RabbitMQ confirmed it.
/// </summary>
public sealed class OutboxRepository(IConnectionMultiplexer redis)
{
    public static readonly RedisKey DueKey = "outbox";
    public static readonly RedisKey PayloadsKey = "outbox:payloads";

    private IDatabase Database => redis.GetDatabase();

    public async Task<IReadOnlyList<OutboxMessage>> DueAsync(DateTimeOffset now, int max)
    {
        var members = await Database.SortedSetRangeByScoreAsync(DueKey, double.NegativeInfinity, now.ToUnixTimeMilliseconds(), take: max);
        if (members.Length == 0)
        {
            return [];
        }

        var payloads = await Database.HashGetAsync(PayloadsKey, members);
        return members.Zip(payloads)
            .Where(pair => !pair.Second.IsNull)
            .Select(pair => new OutboxMessage(pair.First!, pair.Second!))
            .ToList();
    }

    public async Task RemoveAsync(OutboxMessage message)
    {
        var transaction = Database.CreateTransaction();
        _ = transaction.SortedSetRemoveAsync(DueKey, message.Member);
        _ = transaction.HashDeleteAsync(PayloadsKey, message.Member);
        await transaction.ExecuteAsync();
    }

    /// <summary>Moves a message that could not be published to a later time.</summary>
    public Task PostponeAsync(OutboxMessage message, DateTimeOffset due) =>
        Database.SortedSetAddAsync(DueKey, message.Member, due.ToUnixTimeMilliseconds(), SortedSetWhen.Exists);

    public Task<long> CountAsync() => Database.SortedSetLengthAsync(DueKey);
}
