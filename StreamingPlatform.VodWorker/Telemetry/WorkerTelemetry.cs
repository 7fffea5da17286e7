using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace StreamingPlatform.VodWorker.Telemetry;

/// <summary>
/// The worker's own activity source and meter (ServiceDefaults exports both by name), which every job's spans and
/// metrics use; each job's metrics are in its folder (VodTelemetry, ThumbnailTelemetry, LadderTelemetry...).
/// </summary>
public static class WorkerTelemetry
{
    public const string Name = "StreamingPlatform.VodWorker";

    private static readonly ServiceTelemetry Telemetry = new(Name);

    public static ActivitySource Source => Telemetry.Source;

    public static Meter Meter => Telemetry.Meter;

    /// <summary>A counter on the worker's meter of things done, by outcome (<see cref="ServiceTelemetry.CountByOutcome"/>).</summary>
    public static OutcomeCounter CountByOutcome(string metric, string unit, string description, string outcomeTag) =>
        Telemetry.CountByOutcome(metric, unit, description, outcomeTag);
}
