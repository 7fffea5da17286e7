using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StreamingPlatform.Api.Admin;
using StreamingPlatform.Api.Apis;
using StreamingPlatform.Api.Channels;
using StreamingPlatform.Api.GoLive;
using StreamingPlatform.Api.Hooks;
using StreamingPlatform.Api.Infrastructure;
using StreamingPlatform.Api.Ladder;
using StreamingPlatform.Api.Options;
using StreamingPlatform.Api.Outbox;
using StreamingPlatform.Api.Realtime;
using StreamingPlatform.Api.Reconciliation;
using StreamingPlatform.Api.Recordings;
using StreamingPlatform.Api.Sessions;
using StreamingPlatform.Api.Viewers;
using StreamingPlatform.Api.Vods;
using StreamingPlatform.Api.Webhooks;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.BroadcastState.Restream;
using StreamingPlatform.BroadcastState.Settings;
using StreamingPlatform.BroadcastState.Vods;

namespace Microsoft.Extensions.Hosting;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;

        services.AddProblemDetails();
        services.AddExceptionHandler<RedisUnavailableExceptionHandler>();
        services.AddOpenApi();
        services.AddSingleton(TimeProvider.System);

        services.AddOptions<HookOptions>().BindConfiguration(HookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LiveSessionOptions>().BindConfiguration(LiveSessionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StreamingOptions>().BindConfiguration(StreamingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSharedOptions();
        services.AddOptions<GoLiveOptions>().BindConfiguration(GoLiveOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DevelopmentChannelOptions>().BindConfiguration(DevelopmentChannelOptions.Section);
        services.AddTrustedProxies();

        builder.AddRedisConnection("redis");
        services.AddSingleton<ChannelRepository>();
        services.AddSingleton<SessionRepository>();
        services.AddSingleton<MediaClockRepository>();
        services.AddSingleton<MediaClockRecorder>();
        services.AddHostedService<LiveStreamGauge>();
        services.AddSingleton<PublishHookHandler>();
        services.AddSingleton<LadderReader>();
        services.AddSingleton<LadderAdmission>();
        services.AddSingleton<HookSecretFilter>();
        services.AddSingleton<AdminKeyFilter>();
        services.AddSingleton<AdminKeyLimiter>();
        services.AddSingleton<FailedKeyLog>();
        services.AddHostedService(provider => provider.GetRequiredService<FailedKeyLog>());
        services.AddHostedService<DevelopmentChannelSeeder>();
        services.AddSingleton<RecordingRepository>();
        services.AddSingleton<RecordDoneHandler>();
        services.AddSingleton<HookReconciler>();
        services.AddHostedService(provider => provider.GetRequiredService<HookReconciler>());
        services.AddSingleton<VodCatalogue>();
        services.AddSingleton<VodFiles>();
        services.AddViewerCounts();
        services.UntracePresenceReports();
        services.AddRealtimeSignalling();
        services.AddRestreamStore();
        services.AddWebhooks();
        services.AddSingleton<GrantStore>();
        services.AddSingleton<BrowserBroadcaster>();

        builder.AddMessaging();
        services.AddHookTracing();

        // Request-start lines print the query string, and the hook URLs carry the hook secret there.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

        return builder;
    }

    /// <summary>
    /// MassTransit over RabbitMQ (<c>ConnectionStrings:messaging</c>, the name Aspire injects). Hooks never publish
    /// directly: they write to the Redis outbox, which <see cref="OutboxRelay"/> publishes. The Api consumes one message:
    /// the VodWorker's finished VODs, for the webhooks.
    /// </summary>
    private static void AddMessaging(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetRequiredConnectionString("messaging", "amqp://guest:guest@localhost:5672");

        builder.Services.AddMassTransit(bus =>
        {
            bus.DisableUsageTelemetry();
            // Without RabbitMQ the Api still answers hooks and keeps jobs in the outbox: degraded, not down.
            bus.ConfigureHealthCheckOptions(health => health.MinimalFailureStatus = HealthStatus.Degraded);
            bus.AddConsumer<VodFinalisedConsumer, VodFinalisedConsumerDefinition>();
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(connectionString));
                rabbit.ConfigureEndpoints(context);
            });
        });
        builder.Services.AddSingleton<OutboxRepository>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddHostedService<OutboxRelay>();
    }
}
