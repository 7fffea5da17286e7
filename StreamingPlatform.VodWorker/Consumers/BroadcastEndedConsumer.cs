using MassTransit;
using StreamingPlatform.Contracts;
using StreamingPlatform.VodWorker.Vod;

namespace StreamingPlatform.VodWorker.Consumers;

/// <summary>The broadcast's grace window closed: make sure its VOD holds every part, then delete its recordings and HLS files.</summary>
public sealed class BroadcastEndedConsumer(VodBuilder builder) : IConsumer<BroadcastEnded>
{
    public Task Consume(ConsumeContext<BroadcastEnded> context)
    {
        WorkerTelemetry.RecordQueueWait(context.SentTime, nameof(BroadcastEnded));
        return builder.ReconcileAsync(context.Message.SessionId, context.Message.Channel, announcedFile: null, context.CancellationToken);
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
