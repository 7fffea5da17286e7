using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace StreamingPlatform.BroadcastState.Media;

/// <summary>Degraded below the low-water mark, saying why: the service still serves, but publishes are refused.</summary>
public sealed class MediaDiskHealthCheck(MediaDisk disk) : IHealthCheck
{
    public const string Name = "media-disk";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(disk.Read() switch
        {
            null => HealthCheckResult.Healthy("the media folders' free space cannot be read"),
            { Level: DiskLevel.Plenty } reading => HealthCheckResult.Healthy(reading.Describe()),
            var reading => new HealthCheckResult(context.Registration.FailureStatus, reading.Describe()),
        });
}
