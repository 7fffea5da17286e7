using OpenTelemetry.Instrumentation.AspNetCore;
using StreamingPlatform.Api.Apis;

namespace StreamingPlatform.Api.Viewers;

internal static class ViewerExtensions
{
    public static IServiceCollection AddViewerCounts(this IServiceCollection services)
    {
        services.AddOptions<ViewerOptions>().BindConfiguration(ViewerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ViewerRepository>();
        services.AddSingleton<RefusalLog>();
        services.AddHostedService<ViewerGauge>();

        // Every playing tab reports every few seconds: a trace each (and Redis spans below it) would bury the real ones.
        // Without a recorded parent the Redis client spans are not made either.
        return services.Configure<AspNetCoreTraceInstrumentationOptions>(options =>
        {
            var filter = options.Filter;
            options.Filter = context => !IsPresenceReport(context.Request) && (filter?.Invoke(context) ?? true);
        });
    }

    private static bool IsPresenceReport(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && request.Path.StartsWithSegments("/api/streams")
        && request.Path.Value!.Contains(ViewersApi.PresencePathSuffix, StringComparison.Ordinal);
}
