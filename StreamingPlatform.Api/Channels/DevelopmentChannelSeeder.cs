using Microsoft.Extensions.Options;
using StreamingPlatform.Api.Infrastructure;
using StreamingPlatform.Api.Options;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.Api.Channels;

/// <summary>
/// Creates the channel named in <c>Channels:Development</c> when it does not exist yet (an existing channel keeps
/// its key, unless it is still the key the README once printed), retrying while Redis is not up.
/// </summary>
public sealed class DevelopmentChannelSeeder(
    IOptions<DevelopmentChannelOptions> options,
    ChannelRepository channels,
    TimeProvider time,
    ILogger<DevelopmentChannelSeeder> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsConfigured)
        {
            return;
        }

        var (name, key) = (options.Value.Name!, options.Value.Key!);

        if (!StreamName.IsValid(name))
        {
            ChannelLog.DevelopmentChannelInvalid(logger, StreamName.ForLog(name), StreamName.Rule);
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await channels.TryCreateAsync(name, StreamKey.Hash(name, key), time.GetUtcNow()))
                {
                    ChannelLog.DevelopmentChannelCreated(logger, name);
                }
                else if (key != DevelopmentChannelOptions.PublishedKey
                    && await channels.GetKeyHashAsync(name) is { } stored
                    && StreamKey.Verify(DevelopmentChannelOptions.PublishedKey, stored)
                    && await channels.TryReplaceKeyAsync(name, StreamKey.Hash(name, key)))
                {
                    ChannelLog.DevelopmentChannelRekeyed(logger, name);
                }

                return;
            }
            catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
            {
                ChannelLog.DevelopmentChannelWaiting(logger, name, exception);
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
        }
    }
}
