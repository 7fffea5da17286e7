using System.Diagnostics.Metrics;

namespace StreamingPlatform.VodWorker.LiveJobs;

/// <summary>
/// What a kind of live job reports: its span's name, the prefix of its span and metric attributes
/// (<c>&lt;prefix&gt;.outcome</c>, <c>&lt;prefix&gt;.restarts</c>), the name of its restart event, and its metrics.
/// </summary>
public sealed record LiveJobMetrics(
    string SpanName,
    string AttributePrefix,
    string RestartEvent,
    string FailedStatus,
    UpDownCounter<long> Running,
    Counter<long> Restarts,
    Counter<long> Ended)
{
    public void CountEnded(string outcome) => Ended.Add(1, new KeyValuePair<string, object?>($"{AttributePrefix}.outcome", outcome));
}
