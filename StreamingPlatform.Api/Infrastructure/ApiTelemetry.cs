using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace StreamingPlatform.Api.Infrastructure;

/// <summary>The Api's own activity source and meter (ServiceDefaults exports both by name).</summary>
public static class ApiTelemetry
{
    public const string Name = "StreamingPlatform.Api";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Publishes = Meter.CreateCounter<long>(
        "streaming.publishes", unit: "{publish}", description: "Publish attempts answered by the on_publish hook, by outcome.");

    public static readonly Counter<long> Heartbeats = Meter.CreateCounter<long>(
        "streaming.heartbeats", unit: "{heartbeat}", description: "on_update heartbeats, by outcome.");
}
