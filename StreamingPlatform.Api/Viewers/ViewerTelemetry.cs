using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using StreamingPlatform.Api.Infrastructure;

namespace StreamingPlatform.Api.Viewers;

/// <summary>
/// <c>streaming.viewers</c> (a gauge per channel, from <see cref="ViewerGauge"/>'s last count) and
/// <c>streaming.viewer.reports</c> (reports by outcome). Nothing per viewer: no span, no tag with a viewer id.
/// </summary>
public static class ViewerTelemetry
{
    private static volatile IReadOnlyDictionary<string, long> _viewers = new Dictionary<string, long>();

    public static readonly ObservableGauge<long> Viewers = ApiTelemetry.Meter.CreateObservableGauge(
        "streaming.viewers",
        () => _viewers.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("streaming.channel", c.Key))),
        unit: "{viewer}", description: "Viewers watching each live channel now (watch pages reporting their presence).");

    private static readonly OutcomeCounter Reports = ServiceTelemetry.Api.CountByOutcome(
        "streaming.viewer.reports", "{report}", "Presence reports of watch pages, by outcome.", "streaming.viewer.report.outcome");

    /// <summary>Set by <see cref="ViewerGauge"/>: the live channels and their viewers; the meter reads the last set.</summary>
    public static void SetViewers(IReadOnlyDictionary<string, long> viewers) => _viewers = viewers;

    public static void CountReport(string outcome) => Reports.Add(outcome);
}
