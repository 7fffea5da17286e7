using Microsoft.Extensions.DependencyInjection;
using StreamingPlatform.BroadcastState.Ladder;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.BroadcastState.Realtime;

namespace StreamingPlatform.BroadcastState.Settings;

public static class SharedOptions
{
    /// <summary>
    /// The settings both services read, bound and validated alike in each: the media folders and disk, the quality ladder
    /// and real-time playback. A service fails to start on a bad value, with the setting's name in the message.
    /// </summary>
    public static IServiceCollection AddSharedOptions(this IServiceCollection services)
    {
        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddMediaDisk();
        services.AddOptions<LadderOptions>().BindConfiguration(LadderOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.HasValidRenditions(), LadderOptions.RenditionsRule)
            .Validate(o => o.HasSecretWhereNeeded(), LadderOptions.SecretRequiredRule)
            .ValidateOnStart();
        services.AddOptions<RealtimeOptions>().BindConfiguration(RealtimeOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.HasApiSecretWhereNeeded(), RealtimeOptions.ApiSecretRequiredRule)
            .ValidateOnStart();
        return services;
    }
}
