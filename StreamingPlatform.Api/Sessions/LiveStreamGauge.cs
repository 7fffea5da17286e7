using StreamingPlatform.Api.Infrastructure;

namespace StreamingPlatform.Api.Sessions;

/// <summary>
/// Counts the live streams every few seconds for the <c>streaming.live_stream.count</c> gauge, so that metric
/// collection reads the last count instead of calling Redis from inside the exporter. One SCARD: listing (and so
/// pruning) every session from each Api instance every few seconds would cost O(live streams) each time.
/// </summary>
public sealed class LiveStreamGauge(SessionRepository sessions, TimeProvider time, ILogger<LiveStreamGauge> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                try
                {
                    ApiTelemetry.SetLiveStreams(await sessions.CountLiveAsync());
                }
                catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
                {
                    SessionLog.LiveCountUnavailable(logger, exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
        }
    }
}
