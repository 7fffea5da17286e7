using System.Diagnostics;

namespace StreamingPlatform.Api.Infrastructure;

/// <summary>
/// Spans of nginx-rtmp's hooks, placed in the trace of the broadcast they belong to. nginx calls each hook as an
/// unrelated HTTP request without trace headers, so ASP.NET Core's span of it is left out of traces (see
/// <see cref="HookTracing"/>) and the hook's own span becomes a child of the span stored with the broadcast; the
/// first publish of a broadcast starts a new trace.
/// </summary>
internal static class HookSpan
{
    public static Activity? Start(string hook, string? broadcastTraceParent)
    {
        // The current activity is ASP.NET Core's unrecorded request span; the hook's span must not inherit from it.
        Activity.Current = null;
        var parent = ActivityContext.TryParse(broadcastTraceParent, null, isRemote: true, out var context) ? context : default;
        var activity = ApiTelemetry.Source.StartActivity($"hook {hook}", ActivityKind.Server, parent);
        activity?.SetTag("streaming.hook", hook);
        return activity;
    }

    /// <summary>Starts the span in the trace of the message's broadcast, for the outbox relay's publish.</summary>
    public static Activity? StartPublish(string messageType, string? traceParent)
    {
        Activity.Current = null;
        var parent = ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : default;
        var activity = ApiTelemetry.Source.StartActivity($"outbox publish {messageType}", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.system", "rabbitmq");
        return activity;
    }
}
