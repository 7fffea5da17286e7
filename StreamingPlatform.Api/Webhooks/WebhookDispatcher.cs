using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace StreamingPlatform.Api.Webhooks;

/// <summary>
/// Delivers what waits in the webhooks' queues: each webhook on a task of its own (a slow or dead receiver holds up only
/// its own deliveries), under a lease in Redis (so two Api replicas never send the same queue at once). Per webhook, each
/// broadcast's events go oldest first, the next only once the one before was taken or given up; a failed attempt waits
/// (<see cref="WebhookRetryPolicy"/>). Nothing is removed before the receiver answered 2xx, so an Api killed mid-way
/// sends the same event again (same <c>webhook-id</c>) when it is back: at least once.
/// </summary>
public sealed class WebhookDispatcher(
    WebhookRepository webhooks,
    WebhookSecrets secrets,
    WebhookSender sender,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private const int DeliveriesPerPass = 10;
    private static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(5);

    private readonly string _owner = Guid.NewGuid().ToString("N");
    private readonly Dictionary<string, Task> _running = [];
    private readonly HashSet<string> _unopenable = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        var redisDown = false;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var done in _running.Where(r => r.Value.IsCompleted).Select(r => r.Key).ToList())
                {
                    _running.Remove(done);
                }

                IReadOnlyList<Webhook> registered;
                try
                {
                    registered = await webhooks.ListAsync();
                    redisDown = false;
                }
                catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
                {
                    if (!redisDown)
                    {
                        WebhookLog.RedisUnavailable(logger, exception);
                    }

                    redisDown = true;
                    continue;
                }

                foreach (var webhook in registered.Where(w => w.Enabled && !_running.ContainsKey(w.Id)))
                {
                    _running[webhook.Id] = Task.Run(() => DeliverDueAsync(webhook, stoppingToken), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(_running.Values.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    private async Task DeliverDueAsync(Webhook webhook, CancellationToken cancellationToken)
    {
        try
        {
            // Long enough for one attempt; renewed before each. An Api killed while holding it delays that webhook by this much.
            var lease = options.Value.Timeout + LeaseMargin;
            if (!await webhooks.TryLeaseAsync(webhook.Id, _owner, lease))
            {
                return;
            }

            try
            {
                if (secrets.Open(webhook) is not { } key)
                {
                    lock (_unopenable)
                    {
                        if (_unopenable.Add(webhook.Id))
                        {
                            WebhookLog.SecretUnavailable(logger, webhook.Id);
                        }
                    }

                    return;
                }

                foreach (var broadcast in await webhooks.DueAsync(webhook.Id, time.GetUtcNow(), DeliveriesPerPass))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (!await webhooks.RenewLeaseAsync(webhook.Id, _owner, lease))
                    {
                        return;
                    }

                    await DeliverHeadAsync(webhook, key, broadcast, cancellationToken);
                }
            }
            finally
            {
                await webhooks.ReleaseLeaseAsync(webhook.Id, _owner);
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            WebhookLog.PassFailed(logger, webhook.Id, exception);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task DeliverHeadAsync(Webhook webhook, byte[] key, string broadcast, CancellationToken cancellationToken)
    {
        if (await webhooks.HeadAsync(webhook.Id, broadcast) is not var (stored, attempts))
        {
            await webhooks.FinishAsync(webhook.Id, broadcast, "", time.GetUtcNow()); // an emptied queue: forget it
            return;
        }

        var delivery = WebhookDelivery.FromJson(stored)!;
        using var activity = WebhookTelemetry.StartDelivery(webhook, delivery, attempts + 1);
        var took = Stopwatch.StartNew();
        var failure = await sender.SendAsync(webhook, key, delivery, time.GetUtcNow(), cancellationToken);
        took.Stop();
        var now = time.GetUtcNow();
        if (failure is null)
        {
            var before = await webhooks.StateAsync(webhook.Id);
            await webhooks.FinishAsync(webhook.Id, broadcast, stored, now);
            await webhooks.RecordSuccessAsync(webhook.Id, now);
            activity?.SetTag("streaming.webhook.outcome", "delivered");
            WebhookTelemetry.Count("delivered", delivery.Type, took.Elapsed);
            WebhookLog.Delivered(logger, webhook.Id, delivery.Type, delivery.Id, webhook.Host, took.Elapsed.TotalMilliseconds);
            if (WebhookRetryPolicy.IsFailing(before.ConsecutiveFailures, options.Value))
            {
                WebhookLog.Recovered(logger, webhook.Id, webhook.Host, before.ConsecutiveFailures);
            }

            return;
        }

        activity?.SetStatus(ActivityStatusCode.Error, failure);
        var failures = await webhooks.RecordFailureAsync(webhook.Id, now, failure);
        if (WebhookRetryPolicy.NextDelay(attempts + 1, failures, now - delivery.HappenedAt, options.Value) is not { } delay)
        {
            await webhooks.FinishAsync(webhook.Id, broadcast, stored, now);
            activity?.SetTag("streaming.webhook.outcome", "given_up");
            WebhookTelemetry.Count("given_up", delivery.Type, took.Elapsed);
            WebhookLog.GaveUp(logger, webhook.Id, delivery.Type, delivery.Id, broadcast, webhook.Host, attempts + 1, options.Value.GiveUpAfterHours, failure);
            return;
        }

        await webhooks.PostponeAsync(webhook.Id, broadcast, now + delay);
        activity?.SetTag("streaming.webhook.outcome", "failed");
        WebhookTelemetry.Count("failed", delivery.Type, took.Elapsed);
        WebhookLog.Failed(logger, webhook.Id, delivery.Type, delivery.Id, webhook.Host, attempts + 1, failure, delay.TotalSeconds);
        if (failures == options.Value.FailingAfter)
        {
            WebhookLog.MarkedFailing(logger, webhook.Id, webhook.Host, failures, options.Value.SlowRetrySeconds);
        }
    }
}
