using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A service's own activity source and meter, under one name (listed in <see cref="Extensions.TelemetryNames"/>, so it
/// is exported), and the shape most of its metrics take: things done, counted by outcome.
/// </summary>
public sealed class ServiceTelemetry(string name)
{
    public const string ApiName = "StreamingPlatform.Api";

    public const string WorkerName = "StreamingPlatform.VodWorker";

    /// <summary>The Api's spans and metrics (every part of the Api uses this one source and meter).</summary>
    public static readonly ServiceTelemetry Api = new(ApiName);

    /// <summary>The VodWorker's spans and metrics (every job of the worker uses this one source and meter).</summary>
    public static readonly ServiceTelemetry Worker = new(WorkerName);

    public string Name => name;

    public ActivitySource Source { get; } = new(name);

    public Meter Meter { get; } = new(name);

    /// <summary>A counter of things done, each counted once with its outcome under <paramref name="outcomeTag"/>.</summary>
    public OutcomeCounter CountByOutcome(string metric, string unit, string description, string outcomeTag) =>
        new(Meter.CreateCounter<long>(metric, unit, description), outcomeTag);
}

/// <summary>A counter whose every measurement is one thing done, tagged with its outcome.</summary>
public sealed class OutcomeCounter(Counter<long> counter, string outcomeTag)
{
    public void Add(string outcome) => counter.Add(1, new KeyValuePair<string, object?>(outcomeTag, outcome));
}
