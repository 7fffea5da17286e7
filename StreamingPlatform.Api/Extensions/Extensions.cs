using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using StreamingPlatform.Api.Apis;
using StreamingPlatform.Api.Channels;
using StreamingPlatform.Api.Hooks;
using StreamingPlatform.Api.Infrastructure;
using StreamingPlatform.Api.Options;
using StreamingPlatform.Api.Sessions;

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
        services.AddOptions<DevelopmentChannelOptions>().BindConfiguration(DevelopmentChannelOptions.Section);

        builder.AddRedis("redis");
        services.AddSingleton<ChannelRepository>();
        services.AddSingleton<SessionRepository>();
        services.AddSingleton<PublishHookHandler>();
        services.AddSingleton<HookSecretFilter>();
        services.AddSingleton<AdminKeyFilter>();
        services.AddHostedService<DevelopmentChannelSeeder>();

        // Request-start lines print the query string, and the hook URLs carry the hook secret there.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

        return builder;
    }

    /// <summary>
    /// One shared connection from <c>ConnectionStrings:{name}</c> (the name Aspire injects). It connects in the
    /// background: a Redis that is down at start-up degrades the Api instead of stopping it, and commands fail
    /// fast while it is away rather than queueing behind a hook's timeout.
    /// </summary>
    private static void AddRedis(this IHostApplicationBuilder builder, string name)
    {
        var connectionString = builder.Configuration.GetConnectionString(name)
            ?? throw new InvalidOperationException($"Connection string '{name}' is missing: set ConnectionStrings:{name} (for example localhost:6379).");

        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;

        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        builder.Services.AddHealthChecks()
            .AddCheck<RedisHealthCheck>("redis", HealthStatus.Degraded, ["ready"], TimeSpan.FromSeconds(3));
    }
}
