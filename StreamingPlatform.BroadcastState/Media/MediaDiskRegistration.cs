using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace StreamingPlatform.BroadcastState.Media;

public static class MediaDiskRegistration
{
    /// <summary>The media disk's marks (<c>MediaDisk:*</c>), its reader and its Degraded /health entry, alike in every service.</summary>
    public static IServiceCollection AddMediaDisk(this IServiceCollection services)
    {
        services.AddOptions<MediaDiskOptions>().BindConfiguration(MediaDiskOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.MarksInOrder(), MediaDiskOptions.OrderRule)
            .ValidateOnStart();
        services.AddSingleton<MediaDisk>();
        services.AddHealthChecks().AddCheck<MediaDiskHealthCheck>(MediaDiskHealthCheck.Name, HealthStatus.Degraded, ["ready"]);
        return services;
    }
}
