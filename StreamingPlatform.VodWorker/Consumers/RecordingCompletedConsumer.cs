using MassTransit;
using StreamingPlatform.Contracts;
using StreamingPlatform.VodWorker.Vod;

namespace StreamingPlatform.VodWorker.Consumers;

/// <summary>A recording was closed: bring its broadcast's VOD up to date (ready within seconds of the phone stopping).</summary>
public sealed class RecordingCompletedConsumer(VodBuilder builder) : IConsumer<RecordingCompleted>
{
    public Task Consume(ConsumeContext<RecordingCompleted> context)
    {
        VodTelemetry.RecordQueueWait(context.SentTime, nameof(RecordingCompleted));
        return builder.ReconcileAsync(context.Message.SessionId, context.Message.Channel, context.Message.FileName, ended: false, context.CancellationToken);
    }
}

public sealed class RecordingCompletedConsumerDefinition : ConsumerDefinition<RecordingCompletedConsumer>
{
    private readonly Options.VodOptions _options;

    public RecordingCompletedConsumerDefinition(Microsoft.Extensions.Options.IOptions<Options.VodOptions> options)
    {
        _options = options.Value;
        EndpointName = QueueNames.RecordingCompleted;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<RecordingCompletedConsumer> consumerConfigurator, IRegistrationContext context) =>
        VodEndpoint.Configure(endpointConfigurator, _options);
}
