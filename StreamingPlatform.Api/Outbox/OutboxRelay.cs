using MassTransit;
using Microsoft.Extensions.Options;
using StreamingPlatform.Api.Infrastructure;
using StreamingPlatform.Api.Options;
using StreamingPlatform.Api.Webhooks;
using StreamingPlatform.BroadcastState.Sessions;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.Api.Outbox;

/// <summary>
/// Publishes due outbox messages to RabbitMQ and removes each once the broker has it. While RabbitMQ is down the
/// messages wait in Redis and go out when it is back: nothing is lost, and the hooks never wait for the broker.
/// Webhook events go to the webhooks' queues instead (broker or not), and a relayed BroadcastEnded is replaced by its
/// stream.ended event, at once: the broadcast is over for webhooks when it is over for the VOD pipeline.
/// </summary>
public sealed class OutboxRelay(
    OutboxRepository outbox,
    OutboxSignal signal,
    WebhookRepository webhooks,
    IOptions<StreamingOptions> streaming,
    IBus bus,
    TimeProvider time,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await signal.WaitAsync(Tick, stoppingToken);
            try
            {
                await RelayDueAsync(stoppingToken);
            }
            catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
            {
                OutboxLog.RedisUnavailable(logger, exception);
            }
        }
    }

    // RabbitMQ drops a message no queue is bound to (say, before the worker ever started); "mandatory" turns
    // that into an error, so the message stays in the outbox instead of being lost.
    private static readonly IPipe<PublishContext> MustReachAQueue = Pipe.Execute<PublishContext>(context =>
    {
        if (context.TryGetPayload<RabbitMqSendContext>(out var rabbit))
        {
            rabbit.Mandatory = true;
        }
    });

    private async Task RelayDueAsync(CancellationToken cancellationToken)
    {
        var brokerAway = false;
        IReadOnlyList<Webhook>? registered = null;
        foreach (var message in await outbox.DueAsync(time.GetUtcNow(), max: 100))
        {
            var (payload, traceParent) = message.Read();
            if (payload is null)
            {
                OutboxLog.UnknownMessage(logger, message.Member);
                await outbox.RemoveAsync(message);
                continue;
            }

            if (payload is PublishSession started)
            {
                payload = WebhookEvent.StreamStarted(started, streaming.Value);
            }

            if (payload is WebhookEvent webhookEvent)
            {
                if (webhookEvent.FollowsStreamEnded && await outbox.HoldsAnyAsync(
                    OutboxMessage.BroadcastEndedPrefix + webhookEvent.BroadcastId, OutboxMessage.WebhookEventPrefix + WebhookEvent.StreamEndedId(webhookEvent.BroadcastId)))
                {
                    await outbox.PostponeAsync(message, time.GetUtcNow() + Tick);
                    continue;
                }

                registered ??= await webhooks.ListAsync();
                var targets = registered.Where(w => w.Wants(webhookEvent.Type)).ToList();
                await webhooks.QueueAsync(message, webhookEvent, targets, time.GetUtcNow());
                WebhookLog.Queued(logger, webhookEvent.Type, webhookEvent.Id, webhookEvent.BroadcastId, targets.Count);
                continue;
            }

            if (brokerAway)
            {
                continue; // The broker is likely away: the rest waits for the next tick.
            }

            // Published in the broadcast's trace: MassTransit's send span is a child of this one and carries the
            // context to the VodWorker in the message headers.
            using var activity = HookSpan.StartPublish(payload.GetType().Name, traceParent);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(PublishTimeout);
                await bus.Publish(payload, payload.GetType(), MustReachAQueue, timeout.Token);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "RabbitMQ did not take the message; it stays in the outbox");
                OutboxLog.PublishFailed(logger, message.Member, RetryDelay.TotalSeconds, exception);
                await outbox.PostponeAsync(message, time.GetUtcNow() + RetryDelay);
                brokerAway = true;
                continue;
            }

            if (payload is BroadcastEnded ended)
            {
                await outbox.ReplaceAsync(message, OutboxMessage.For(WebhookEvent.StreamEnded(ended, activity?.Id ?? traceParent)), time.GetUtcNow());
                signal.Notify();
            }
            else
            {
                await outbox.RemoveAsync(message);
            }

            OutboxLog.Published(logger, message.Member);
        }
    }
}
