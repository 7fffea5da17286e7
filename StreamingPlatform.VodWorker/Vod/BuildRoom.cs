using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.VodWorker.Options;
using StreamingPlatform.VodWorker.Telemetry;

namespace StreamingPlatform.VodWorker.Vod;

/// <summary>
/// A build waits here until the VOD folder's disk has room for the MP4 above the critical mark
/// (<see cref="VodPlan.HasRoom"/>), checking every <c>Vod:SpaceCheckSeconds</c>. The job keeps its message and its
/// broadcast's lock meanwhile, so it is never retried into the error queue for lack of space, and a worker that stops
/// or dies returns it to the queue. /health is Degraded while a build waits, saying for what.
/// </summary>
public sealed class BuildRoom(MediaDisk disk, IOptions<MediaOptions> media, IOptions<VodOptions> options, TimeProvider time, ILogger<BuildRoom> logger) : IHealthCheck
{
    public const string HealthCheckName = "vod-space";

    private readonly Dictionary<string, string> _waiting = [];

    public async Task WaitAsync(string sessionId, string channel, long neededBytes, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.SpaceCheckSeconds);
        var waitedSince = (DateTimeOffset?)null;
        try
        {
            while (disk.Read(media.Value.Vod) is { } reading && !VodPlan.HasRoom(neededBytes, reading))
            {
                var why = VodPlan.NoRoom(neededBytes, reading);
                if (waitedSince is null)
                {
                    waitedSince = time.GetUtcNow();
                    using var activity = WorkerTelemetry.Source.StartActivity("vod wait-for-space");
                    activity?.SetTag("streaming.vod.space_needed", neededBytes);
                    activity?.SetTag("streaming.vod.space_free", reading.FreeBytes);
                    VodLog.WaitingForSpace(logger, sessionId, channel, why);
                }

                lock (_waiting)
                {
                    _waiting[sessionId] = $"VOD {sessionId} of channel {channel} waits: {why}";
                }

                await Task.Delay(interval, time, cancellationToken);
            }
        }
        finally
        {
            lock (_waiting)
            {
                _waiting.Remove(sessionId);
            }
        }

        if (waitedSince is { } since)
        {
            VodLog.SpaceBack(logger, sessionId, channel, (time.GetUtcNow() - since).TotalSeconds);
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        lock (_waiting)
        {
            return Task.FromResult(_waiting.Count == 0
                ? HealthCheckResult.Healthy("no VOD build waits for disk space")
                : new HealthCheckResult(context.Registration.FailureStatus, string.Join("; ", _waiting.Values.Order())));
        }
    }
}
