namespace StreamingPlatform.Api.Viewers;

internal static class ViewerExtensions
{
    public static IServiceCollection AddViewerCounts(this IServiceCollection services)
    {
        services.AddOptions<ViewerOptions>().BindConfiguration(ViewerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ViewerRepository>();
        services.AddSingleton<RefusalLog>();
        return services.AddHostedService<ViewerGauge>();
    }
}
