using StreamingPlatform.Api.Sessions;

namespace StreamingPlatform.Api.Viewers;

/// <summary>
/// Counts each live channel's viewers every few seconds for the <c>streaming.viewers</c> gauge, so metric collection reads
/// the last counts instead of calling Redis from inside the exporter: the live list and one batch of ZCOUNTs per pass.
/// </summary>
public sealed class ViewerGauge(SessionRepository sessions, ViewerRepository viewers, TimeProvider time, ILogger<ViewerGauge> logger) : BackgroundService
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
                    var channels = (await sessions.ListLiveAsync()).Select(s => s.Channel).ToList();
                    var counts = await viewers.CountAsync(channels);
                    ViewerTelemetry.SetViewers(channels.Zip(counts).ToDictionary(c => c.First, c => c.Second));
                }
                catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
                {
                    ViewerLog.CountUnavailable(logger, exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
        }
    }
}
