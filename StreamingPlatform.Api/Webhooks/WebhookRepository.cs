using System.Globalization;
using StackExchange.Redis;
using StreamingPlatform.Api.Outbox;
using StreamingPlatform.BroadcastState;

namespace StreamingPlatform.Api.Webhooks;

/// <summary>
/// Webhooks in Redis (keys: <see cref="StoreKeys"/>): registrations, delivery states, and each webhook's queues, one
/// per broadcast (a list, oldest event first) indexed by <see cref="StoreKeys.WebhookDue"/>. Events reach the queues
/// from the outbox (<c>queue-webhook-event.lua</c>), and leave them once delivered or given up
/// (<c>finish-webhook-delivery.lua</c>).
/// </summary>
public sealed class WebhookRepository(IConnectionMultiplexer redis)
{
    /// <summary>How long a queued event's id is remembered, so a repeat of it is not queued again.</summary>
    private static readonly TimeSpan QueuedMemory = TimeSpan.FromDays(7);

    private IDatabase Database => redis.GetDatabase();

    public async Task AddAsync(Webhook webhook)
    {
        var transaction = Database.CreateTransaction();
        _ = transaction.HashSetAsync(StoreKeys.Webhook(webhook.Id),
        [
            new("url", webhook.Url),
            new("events", string.Join(',', webhook.Events)),
            new("enabled", webhook.Enabled ? "1" : "0"),
            new("createdAt", webhook.CreatedAt.ToString("O", CultureInfo.InvariantCulture)),
            new("secret", webhook.SealedSecret),
        ]);
        _ = transaction.SetAddAsync(StoreKeys.Webhooks, webhook.Id);
        await transaction.ExecuteAsync();
    }

    public async Task<Webhook?> GetAsync(string id)
    {
        var values = await Database.HashGetAsync(StoreKeys.Webhook(id), ["url", "events", "enabled", "createdAt", "secret"]);
        if (values[0].IsNull)
        {
            return null;
        }

        return new Webhook(id, values[0]!, ((string?)values[1] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries), values[2] == "1",
            DateTimeOffset.Parse(values[3]!, CultureInfo.InvariantCulture), values[4]!);
    }

    public async Task<IReadOnlyList<Webhook>> ListAsync()
    {
        var ids = await Database.SetMembersAsync(StoreKeys.Webhooks);
        var webhooks = await Task.WhenAll(ids.Select(id => GetAsync(id!)));
        return webhooks.OfType<Webhook>().OrderBy(w => w.CreatedAt).ToList();
    }

    public async Task<bool> SetEnabledAsync(string id, bool enabled)
    {
        var transaction = Database.CreateTransaction();
        transaction.AddCondition(Condition.KeyExists(StoreKeys.Webhook(id)));
        _ = transaction.HashSetAsync(StoreKeys.Webhook(id), "enabled", enabled ? "1" : "0");
        return await transaction.ExecuteAsync();
    }

    /// <summary>Removes the webhook with its state and the events still waiting for it; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string id)
    {
        var waiting = await Database.SortedSetRangeByRankAsync(StoreKeys.WebhookDue(id));
        var keys = waiting.Select(broadcast => StoreKeys.WebhookQueue(id, broadcast!))
            .Append(StoreKeys.WebhookState(id)).Append(StoreKeys.WebhookDue(id)).Append(StoreKeys.WebhookAttempts(id))
            .ToArray();
        var transaction = Database.CreateTransaction();
        var removed = transaction.SetRemoveAsync(StoreKeys.Webhooks, id);
        _ = transaction.KeyDeleteAsync(StoreKeys.Webhook(id));
        _ = transaction.KeyDeleteAsync(keys);
        await transaction.ExecuteAsync();
        return await removed;
    }

    public async Task<WebhookDeliveryState> StateAsync(string id)
    {
        var values = Database.HashGetAsync(StoreKeys.WebhookState(id), ["lastSuccessAt", "lastFailureAt", "lastFailure", "failures"]);
        var waiting = Database.SortedSetLengthAsync(StoreKeys.WebhookDue(id));
        var state = await values;
        return new WebhookDeliveryState(Time(state[0]), Time(state[1]), state[2].IsNullOrEmpty ? null : (string?)state[2],
            state[3].IsNull ? 0 : (long)state[3], await waiting);
    }

    /// <summary>Records a delivery the receiver took (nothing when the webhook was removed meanwhile).</summary>
    public async Task RecordSuccessAsync(string id, DateTimeOffset now)
    {
        var transaction = Database.CreateTransaction();
        transaction.AddCondition(Condition.KeyExists(StoreKeys.Webhook(id)));
        _ = transaction.HashSetAsync(StoreKeys.WebhookState(id),
            [new("lastSuccessAt", now.ToString("O", CultureInfo.InvariantCulture)), new("failures", 0)]);
        await transaction.ExecuteAsync();
    }

    /// <summary>Records a failed attempt; returns the webhook's consecutive failures, this one included (0 when it was removed meanwhile).</summary>
    public async Task<long> RecordFailureAsync(string id, DateTimeOffset now, string reason)
    {
        var transaction = Database.CreateTransaction();
        transaction.AddCondition(Condition.KeyExists(StoreKeys.Webhook(id)));
        _ = transaction.HashSetAsync(StoreKeys.WebhookState(id),
            [new("lastFailureAt", now.ToString("O", CultureInfo.InvariantCulture)), new("lastFailure", reason)]);
        var failures = transaction.HashIncrementAsync(StoreKeys.WebhookState(id), "failures");
        return await transaction.ExecuteAsync() ? await failures : 0;
    }

    /// <summary>
    /// Hands the outbox's webhook event to the queues of <paramref name="targets"/> and removes it from the outbox, at once
    /// (a webhook deleted meanwhile gets nothing).
    /// </summary>
    public Task QueueAsync(OutboxMessage message, WebhookEvent webhookEvent, IEnumerable<Webhook> targets, DateTimeOffset now) =>
        StoreScripts.QueueWebhookEvent.EvaluateAsync(Database, new
        {
            queuedKey = StoreKeys.WebhookEventQueued(webhookEvent.Id),
            member = message.Member,
            queuedMs = (long)QueuedMemory.TotalMilliseconds,
            targets = string.Join('\n', targets.Select(w =>
                $"{StoreKeys.Webhook(w.Id)}\t{StoreKeys.WebhookQueue(w.Id, webhookEvent.BroadcastId)}\t{StoreKeys.WebhookDue(w.Id)}")),
            delivery = WebhookDelivery.Of(webhookEvent).ToJson(),
            broadcastId = webhookEvent.BroadcastId,
            now = now.ToUnixTimeMilliseconds(),
        });

    /// <summary>The broadcasts whose next delivery to the webhook is due, the longest waiting first.</summary>
    public async Task<IReadOnlyList<string>> DueAsync(string id, DateTimeOffset now, int max) =>
        (await Database.SortedSetRangeByScoreAsync(StoreKeys.WebhookDue(id), double.NegativeInfinity, now.ToUnixTimeMilliseconds(), take: max))
        .Select(b => (string)b!).ToList();

    /// <summary>The broadcast's next delivery to the webhook (as stored) and how many attempts of it failed.</summary>
    public async Task<(string Stored, long Attempts)?> HeadAsync(string id, string broadcastId)
    {
        var head = Database.ListGetByIndexAsync(StoreKeys.WebhookQueue(id, broadcastId), 0);
        var attempts = Database.HashGetAsync(StoreKeys.WebhookAttempts(id), broadcastId);
        var stored = await head;
        var failed = await attempts;
        return stored.IsNull ? null : ((string)stored!, failed.IsNull ? 0 : (long)failed);
    }

    /// <summary>The head delivery is done (taken, or given up): the broadcast's next one is due now.</summary>
    public Task FinishAsync(string id, string broadcastId, string stored, DateTimeOffset now) =>
        StoreScripts.FinishWebhookDelivery.EvaluateAsync(Database, new
        {
            queue = StoreKeys.WebhookQueue(id, broadcastId),
            due = StoreKeys.WebhookDue(id),
            attempts = StoreKeys.WebhookAttempts(id),
            delivery = stored,
            broadcastId,
            now = now.ToUnixTimeMilliseconds(),
        });

    /// <summary>The head delivery failed: counts the attempt and makes the broadcast due again at <paramref name="due"/>.</summary>
    public async Task PostponeAsync(string id, string broadcastId, DateTimeOffset due)
    {
        var transaction = Database.CreateTransaction();
        _ = transaction.HashIncrementAsync(StoreKeys.WebhookAttempts(id), broadcastId);
        _ = transaction.SortedSetAddAsync(StoreKeys.WebhookDue(id), broadcastId, due.ToUnixTimeMilliseconds(), SortedSetWhen.Exists);
        await transaction.ExecuteAsync();
    }

    public Task<bool> TryLeaseAsync(string id, string owner, TimeSpan lease) =>
        Database.StringSetAsync(StoreKeys.WebhookLease(id), owner, lease, When.NotExists);

    public async Task<bool> RenewLeaseAsync(string id, string owner, TimeSpan lease) =>
        (int)await StoreScripts.RenewIfHeld.EvaluateAsync(Database, new { key = StoreKeys.WebhookLease(id), holder = owner, leaseMs = (long)lease.TotalMilliseconds }) == 1;

    public Task ReleaseLeaseAsync(string id, string owner) =>
        StoreScripts.DeleteIfHeld.EvaluateAsync(Database, new { key = StoreKeys.WebhookLease(id), holder = owner });

    private static DateTimeOffset? Time(RedisValue value) =>
        value.IsNullOrEmpty ? null : DateTimeOffset.Parse(value!, CultureInfo.InvariantCulture);
}
