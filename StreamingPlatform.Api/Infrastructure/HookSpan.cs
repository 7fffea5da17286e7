using System.Diagnostics;

namespace StreamingPlatform.Api.Infrastructure;

/// <summary>
/// Spans placed in the trace of the broadcast they belong to. nginx calls each hook as an unrelated HTTP request
/// without trace headers, so ASP.NET Core's span of it is left out of traces (see <see cref="HookTracing"/>) and the
/// hook's own span becomes a child of the span stored with the broadcast; the first publish of a broadcast starts a
/// new trace. The outbox relay publishes each job in the trace stored with it.
/// </summary>
internal static class HookSpan
{
    public static Activity? Start(string hook, string? broadcastTraceParent, DateTimeOffset startTime = default)
    {
        var activity = StartInTrace($"hook {hook}", ActivityKind.Server, broadcastTraceParent, startTime);
        activity?.SetTag("streaming.hook", hook);
        return activity;
    }

    /// <summary>The reconciler catching up on a hook nginx answered for the Api, in the broadcast's trace.</summary>
    public static Activity? StartReconcile(string? broadcastTraceParent) =>
        StartInTrace("reconcile", ActivityKind.Internal, broadcastTraceParent);

    /// <summary>A browser broadcast's session (Go live page): in the trace of the broadcast it continues, else a new one.</summary>
    public static Activity? StartBrowserSession(string? broadcastTraceParent) =>
        StartInTrace("golive session", ActivityKind.Server, broadcastTraceParent);

    public static Activity? StartPublish(string messageType, string? traceParent)
    {
        var activity = StartInTrace($"outbox publish {messageType}", ActivityKind.Producer, traceParent);
        activity?.SetTag("messaging.system", "rabbitmq");
        return activity;
    }

    private static Activity? StartInTrace(string name, ActivityKind kind, string? traceParent, DateTimeOffset startTime = default)
    {
        // Whatever is current (ASP.NET Core's unrecorded request span, the relay's loop) must not become the parent.
        Activity.Current = null;
        var parent = ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : default;
        return ApiTelemetry.Source.StartActivity(name, kind, parent, startTime: startTime);
    }
}
