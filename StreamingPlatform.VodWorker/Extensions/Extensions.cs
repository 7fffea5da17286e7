using MassTransit;
using Microsoft.Extensions.Options;
using StreamingPlatform.BroadcastState.Realtime;
using StreamingPlatform.BroadcastState.Restream;
using StreamingPlatform.BroadcastState.Settings;
using StreamingPlatform.BroadcastState.Vods;
using StreamingPlatform.VodWorker.Consumers;
using StreamingPlatform.VodWorker.Dvr;
using StreamingPlatform.VodWorker.Ladder;
using StreamingPlatform.VodWorker.Live;
using StreamingPlatform.VodWorker.Media;
using StreamingPlatform.VodWorker.Options;
using StreamingPlatform.VodWorker.Realtime;
using StreamingPlatform.VodWorker.Restream;
using StreamingPlatform.VodWorker.Thumbnails;
using StreamingPlatform.VodWorker.Vod;

namespace Microsoft.Extensions.Hosting;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;

        services.AddSingleton(TimeProvider.System);
        services.AddSharedOptions();
        services.AddOptions<VodOptions>().BindConfiguration(VodOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<BuildRoom>();
        services.AddHealthChecks().AddCheck<BuildRoom>(BuildRoom.HealthCheckName, Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, ["ready"]);
        services.AddOptions<ThumbnailOptions>().BindConfiguration(ThumbnailOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        builder.AddRedisConnection("redis");
        services.AddSingleton<BroadcastStore>();
        services.AddSingleton<VodCatalogue>();
        services.AddSingleton<VodCatalogueWriter>();
        services.AddSingleton<Ffmpeg>();
        services.AddSingleton<MediaCleaner>();
        services.AddSingleton<VodBuilder>();
        services.AddHostedService<StalePartialFileCleaner>();
        services.AddHostedService<VodCatalogueRestorer>();
        services.AddSingleton<LiveCodecCheck>();
        services.AddHostedService<LiveThumbnailer>();
        services.AddHostedService<DvrPruner>();

        // The quality ladder: transcodes the live broadcasts whose channel wants one.
        services.AddSingleton<LiveBroadcastReader>();
        services.AddSingleton<LadderBroadcastReader>();
        services.AddSingleton<LadderStateStore>();
        services.AddHostedService<LadderSupervisor>();

        // Real-time playback: relays every live broadcast into Janus (WebRTC), with the ladder's play URL.
        services.AddSingleton<RealtimeRelays>();
        // Janus's long poll carries its API secret in the query: this client logs no request lines.
        services.AddHttpClient(RelaySupervisor.JanusHttpClient, (provider, client) =>
            client.BaseAddress = new Uri(provider.GetRequiredService<IOptions<RealtimeOptions>>().Value.JanusUrl ?? "http://127.0.0.1/"))
            .RemoveAllLoggers();
        services.AddHostedService<RelaySupervisor>();

        // Restreaming: copies every live broadcast to its channel's enabled targets (other platforms), with the ladder's play URL.
        services.AddRestreamStore();
        services.AddOptions<RestreamRelayOptions>().BindConfiguration(RestreamRelayOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RestreamTargetReader>();
        services.AddHostedService<RestreamSupervisor>();

        builder.AddMessaging();
        return builder;
    }

    /// <summary>MassTransit over RabbitMQ (<c>ConnectionStrings:messaging</c>, the name Aspire injects), with the VOD consumers.</summary>
    private static void AddMessaging(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetRequiredConnectionString("messaging", "amqp://guest:guest@localhost:5672");

        builder.Services.AddMassTransit(bus =>
        {
            bus.DisableUsageTelemetry();
            bus.SetKebabCaseEndpointNameFormatter();
            bus.AddConsumer<RecordingCompletedConsumer, RecordingCompletedConsumerDefinition>();
            bus.AddConsumer<BroadcastEndedConsumer, BroadcastEndedConsumerDefinition>();
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(connectionString));
                rabbit.ConfigureEndpoints(context);
            });
        });

        // On shutdown, builds in flight get 2 s, then their token is cancelled: FFmpeg is killed, the partial file
        // deleted, and the unacknowledged message goes back to the queue for the next worker.
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(options =>
        {
            options.ConsumerStopTimeout = TimeSpan.FromSeconds(2);
            options.StopTimeout = TimeSpan.FromSeconds(20);
        });
    }
}
