using Microsoft.Extensions.DependencyInjection;

namespace StreamingPlatform.BroadcastState.Restream;

public static class RestreamRegistration
{
    /// <summary>The restream settings (<c>Restream:*</c>), the targets and the relays' states, alike in every service.</summary>
    public static IServiceCollection AddRestreamStore(this IServiceCollection services)
    {
        services.AddOptions<RestreamOptions>().BindConfiguration(RestreamOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RestreamTargets>();
        services.AddSingleton<RestreamStates>();
        return services;
    }
}
