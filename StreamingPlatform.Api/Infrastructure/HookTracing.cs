using OpenTelemetry.Instrumentation.AspNetCore;

namespace StreamingPlatform.Api.Infrastructure;

internal static class HookTracing
{
    /// <summary>
    /// Leaves ASP.NET Core's spans of <c>/hooks/*</c> out of traces: each would be a trace of its own (a heartbeat
    /// every few seconds per stream), while the hook spans already sit in their broadcast's trace.
    /// </summary>
    public static IServiceCollection AddHookTracing(this IServiceCollection services) =>
        services.Configure<AspNetCoreTraceInstrumentationOptions>(options =>
        {
            var filter = options.Filter;
            options.Filter = context => !context.Request.Path.StartsWithSegments("/hooks") && (filter?.Invoke(context) ?? true);
        });
}
