using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace StreamingPlatform.VodWorker.Telemetry;

/// <summary>
/// The worker's own activity source and meter (<see cref="ServiceTelemetry.Worker"/>), which every job's spans and
/// metrics use; each job's metrics are in its folder (VodTelemetry, ThumbnailTelemetry, LadderTelemetry...).
/// </summary>
public static class WorkerTelemetry
{
    public static ActivitySource Source => ServiceTelemetry.Worker.Source;

    public static Meter Meter => ServiceTelemetry.Worker.Meter;
}
