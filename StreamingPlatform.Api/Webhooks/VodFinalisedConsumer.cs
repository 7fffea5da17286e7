using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Options;
using StreamingPlatform.Api.Options;
using StreamingPlatform.Api.Outbox;
using StreamingPlatform.BroadcastState.Vods;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.Api.Webhooks;

/// <summary>
/// The VodWorker finished an ended broadcast's VOD: its vod.ready or vod.failed event goes into the outbox (the same
/// catalogue entry makes the same event, which is queued once), in the trace the worker's message carried.
/// </summary>
public sealed class VodFinalisedConsumer(
    VodCatalogue catalogue,
    OutboxRepository outbox,
    OutboxSignal signal,
    IOptions<StreamingOptions> streaming,
    TimeProvider time,
    ILogger<VodFinalisedConsumer> logger) : IConsumer<VodFinalised>
{
    public async Task Consume(ConsumeContext<VodFinalised> context)
    {
        var id = context.Message.SessionId;
        if (!SessionId.IsValid(id) || await catalogue.GetAsync(id) is not { } vod)
        {
            WebhookLog.VodNotCatalogued(logger, StreamName.ForLog(id));
            return;
        }

        await outbox.AddAsync(OutboxMessage.For(WebhookEvent.VodFinal(vod, streaming.Value, Activity.Current?.Id)), time.GetUtcNow());
        signal.Notify();
    }
}

public sealed class VodFinalisedConsumerDefinition : ConsumerDefinition<VodFinalisedConsumer>
{
    public VodFinalisedConsumerDefinition() => EndpointName = QueueNames.VodFinalised;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<VodFinalisedConsumer> consumerConfigurator, IRegistrationContext context) =>
        // Redis away: the message waits in RabbitMQ and is tried again, for about a quarter of an hour.
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10)));
}
