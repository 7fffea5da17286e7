using MassTransit;
using StreamingPlatform.Contracts;
using StreamingPlatform.VodWorker.Vod;

namespace StreamingPlatform.VodWorker.Consumers;

/// <summary>A recording was closed: bring its broadcast's VOD up to date (ready within seconds of the phone stopping).</summary>
public sealed class RecordingCompletedConsumer(VodBuilder builder) : IConsumer<RecordingCompleted>
{
    public Task Consume(ConsumeContext<RecordingCompleted> context)
    {
        WorkerTelemetry.RecordQueueWait(context.SentTime, nameof(RecordingCompleted));
        return builder.ReconcileAsync(context.Message.SessionId, context.Message.Channel, Path.GetFileName(context.Message.RecordingPath), ended: false, context.CancellationToken);
    }
}

public sealed class RecordingCompletedConsumerDefinition(Microsoft.Extensions.Options.IOptions<Options.VodOptions> options)
    : ConsumerDefinition<RecordingCompletedConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<RecordingCompletedConsumer> consumerConfigurator, IRegistrationContext context) =>
        VodEndpoint.Configure(endpointConfigurator, options.Value);
}
