using MassTransit;
using StreamingPlatform.VodWorker.Options;
using StreamingPlatform.VodWorker.Vod;

namespace StreamingPlatform.VodWorker.Consumers;

/// <summary>The receive-endpoint policy shared by the VOD consumers.</summary>
internal static class VodEndpoint
{
    public static void Configure(IReceiveEndpointConfigurator endpoint, VodOptions options)
    {
        // FFmpeg crashing or a full disk may pass; a recording FFmpeg cannot read never will, and the builder
        // records that failure itself instead of throwing.
        endpoint.UseMessageRetry(retry =>
        {
            retry.Intervals(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1));
            retry.Handle<TransientVodException>();
            retry.Handle<IOException>();
            retry.Handle<StackExchange.Redis.RedisConnectionException>();
        });

        // Remuxing is disk-bound: two at a time per worker keeps a 2-core machine responsive.
        endpoint.ConcurrentMessageLimit = 2;
        endpoint.PrefetchCount = 2;

        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.SetQueueArgument("x-consumer-timeout", (long)TimeSpan.FromMinutes(options.ConsumerTimeoutMinutes).TotalMilliseconds);
        }
    }
}
