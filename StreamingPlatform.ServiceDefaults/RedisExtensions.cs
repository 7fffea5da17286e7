using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

public static class RedisExtensions
{
    /// <summary>
    /// One shared connection from <c>ConnectionStrings:{name}</c> (the name Aspire injects), with a Degraded health
    /// check. It connects in the background: a Redis that is down at start-up degrades the service instead of
    /// stopping it, and commands fail fast while it is away rather than queueing behind a caller's timeout.
    /// </summary>
    public static TBuilder AddRedisConnection<TBuilder>(this TBuilder builder, string name) where TBuilder : IHostApplicationBuilder
    {
        var connectionString = builder.Configuration.GetRequiredConnectionString(name, "localhost:6379");

        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;

        builder.Services.AddSingleton<RedisTracing>();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<RedisTracing>().Instrument(ConnectionMultiplexer.Connect(options)));
        builder.Services.AddHealthChecks()
            .AddCheck<RedisHealthCheck>(name, HealthStatus.Degraded, ["ready"], TimeSpan.FromSeconds(3));
        return builder;
    }
}
