using MassTransit;
using StreamingPlatform.Contracts;
using StreamingPlatform.VodWorker.Vod;

namespace StreamingPlatform.VodWorker.Consumers;

/// <summary>
/// The broadcast's grace window closed: mark it over (so a record_done that arrives later is built and cleaned up
/// too), then make sure its VOD holds every part and delete its recordings and HLS files.
/// </summary>
public sealed class BroadcastEndedConsumer(VodBuilder builder, BroadcastStore broadcasts, ILogger<BroadcastEndedConsumer> logger) : IConsumer<BroadcastEnded>
{
    public async Task Consume(ConsumeContext<BroadcastEnded> context)
    {
        VodTelemetry.RecordQueueWait(context.SentTime, nameof(BroadcastEnded));
        var message = context.Message;
        if (SessionId.IsValid(message.SessionId) && StreamName.IsValid(message.Channel))
        {
            // Before the reconcile waits for the build lock: a build of a late recording that holds it now sees the mark.
            await broadcasts.MarkEndedAsync(message.SessionId, message.EndedAt);
            VodLog.MarkedEnded(logger, message.SessionId, message.Channel, message.EndedAt, (int)BroadcastStore.EndedMarkLifetime.TotalDays);
        }

        await builder.ReconcileAsync(message.SessionId, message.Channel, announcedFile: null, ended: true, context.CancellationToken);
    }
}

public sealed class BroadcastEndedConsumerDefinition : ConsumerDefinition<BroadcastEndedConsumer>
{
    private readonly Options.VodOptions _options;

    public BroadcastEndedConsumerDefinition(Microsoft.Extensions.Options.IOptions<Options.VodOptions> options)
    {
        _options = options.Value;
        EndpointName = QueueNames.BroadcastEnded;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<BroadcastEndedConsumer> consumerConfigurator, IRegistrationContext context) =>
        VodEndpoint.Configure(endpointConfigurator, _options);
}
