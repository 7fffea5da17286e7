using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.Telemetry;

/// <summary>
/// A whole broadcast as the Aspire dashboard sees it: the Api's spans from OpenTelemetry's in-memory exporter, the
/// worker's (its own process) from what it exported over OTLP, joined by one trace id.
/// </summary>
[Collection(LiveIngestCollection.Name)]
public sealed class BroadcastTraceTests(LiveIngestFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task PublishHeartbeatsStopAndVodFormOneTraceAcrossApiAndWorker()
    {
        using var metrics = new ApiMetrics();
        var channel = await Channels.CreateAsync(fixture.Api, "traced");
        using var api = fixture.Api.CreateHttpClient();
        await using (var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey)))
        {
            await Eventually.TrueAsync(async () => (await api.GetAsync($"api/streams/{channel.Name}")).IsSuccessStatusCode, Timeout, "the stream to go live");
            await Eventually.TrueAsync(() => Task.FromResult(ApiSpans(channel.Name, "hook update").Count >= 2), Timeout, "two heartbeats");
            await phone.StopAsync();
        }

        var vod = await Vods.WaitAsync(api, channel.Name, v => v.Status == "ready", Timeout);

        var publish = Assert.Single(ApiSpans(channel.Name, "hook publish"));
        var trace = publish.TraceId.ToHexString();
        Assert.Equal(default, publish.ParentSpanId); // the broadcast's trace starts at its publish
        Assert.Equal("accepted", publish.GetTagItem("streaming.publish.outcome"));
        Assert.Equal(vod.Id, publish.GetTagItem("streaming.session.id"));
        foreach (var hook in new[] { "hook update", "hook publish_done", "hook record_done" })
        {
            Assert.All(ApiSpans(channel.Name, hook), span => Assert.Equal(trace, span.TraceId.ToHexString()));
            Assert.NotEmpty(ApiSpans(channel.Name, hook));
        }

        var inTrace = fixture.Api.Spans.Snapshot().Where(s => s.TraceId.ToHexString() == trace).ToList();
        var redis = inTrace.Where(s => s.Source.Name == "StreamingPlatform.Redis").ToList();
        Assert.Contains(redis, s => (string?)s.GetTagItem("db.operation.name") == "EVALSHA" || (string?)s.GetTagItem("db.operation.name") == "EVAL");
        Assert.All(redis, s => Assert.Equal("redis", s.GetTagItem("db.system.name")));
        Assert.All(redis, s =>
        {
            // Each command's span lies inside the span that sent it: the profiler's clock is read in UTC.
            var parent = Assert.Single(inTrace, p => p.SpanId == s.ParentSpanId);
            Assert.InRange(s.StartTimeUtc, parent.StartTimeUtc.AddMilliseconds(-5), parent.StartTimeUtc + parent.Duration);
            Assert.InRange(s.Duration, TimeSpan.Zero, parent.Duration);
        });
        Assert.Contains(inTrace, s => s.OperationName == "outbox publish RecordingCompleted");
        Assert.Contains(inTrace, s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Producer);

        // The worker's side arrives in batches; the cleanup comes once the reconnect grace window has closed.
        string[] workerSpans = ["vod reconcile", "vod wait-for-file", "vod remux", "vod verify", "vod poster", "vod cleanup"];
        await Eventually.TrueAsync(() => Task.FromResult(workerSpans.All(name => WorkerSpans(trace).Any(s => s.Name == name))),
            TimeSpan.FromSeconds(ApiServer.ReconnectGraceSeconds + 30),
            $"the worker's spans in trace {trace}; it has: {string.Join(", ", WorkerSpans(trace).Select(s => s.Name).Distinct())}");
        var worker = WorkerSpans(trace);
        Assert.All(worker, s => Assert.Equal("vod-worker", s.Service));
        Assert.Contains(worker, s => s.Scope == "MassTransit" && s.Name.Contains("process", StringComparison.Ordinal));
        var remux = worker.First(s => s.Name == "vod remux");
        Assert.Equal("0", remux.Attributes["process.exit.code"]);
        Assert.Contains("-c copy", remux.Attributes["process.command_args"]);
        Assert.True(long.Parse(remux.Attributes["streaming.vod.input.size"]) > 0);
        Assert.True(long.Parse(remux.Attributes["streaming.vod.output.size"]) > 0);
        Assert.Contains(worker, s => s.Scope == "StreamingPlatform.Redis" && s.Attributes["db.system.name"] == "redis");
        var workerSpanIds = worker.Select(s => s.SpanId).ToHashSet();
        var apiSpanIds = fixture.Api.Spans.Snapshot().Where(s => s.TraceId.ToHexString() == trace).Select(s => s.SpanId.ToHexString()).ToHashSet();
        Assert.Contains(fixture.Api.Spans.Snapshot(), s => s.TraceId.ToHexString() == trace && s.OperationName == "outbox publish BroadcastEnded");
        Assert.All(worker, s => Assert.True(workerSpanIds.Contains(s.ParentSpanId) || apiSpanIds.Contains(s.ParentSpanId),
            $"worker span {s.Name} hangs off {s.ParentSpanId}, outside the trace's tree"));

        // Logs carry the trace they were written in.
        Assert.Contains(fixture.Api.Logs.Lines, l => l.Contains($"Publish accepted: channel {channel.Name}", StringComparison.Ordinal) && l.Contains($"trace={trace}", StringComparison.Ordinal));
        await Eventually.TrueAsync(() => Task.FromResult(fixture.WorkerTelemetry.Logs.Any(l => l.TraceId == trace && l.Body.Contains("is ready", StringComparison.Ordinal))),
            Timeout, "the worker's 'VOD is ready' log record in the broadcast's trace");

        // Metrics: the Api's measured in process, the worker's as exported.
        Assert.Contains(("streaming.publishes", "accepted"), metrics.Outcomes);
        Assert.Contains("streaming.broadcast.duration", metrics.Instruments);
        Assert.Contains("streaming.recording.size", metrics.Instruments);
        await Eventually.TrueAsync(() => Task.FromResult(
                new[] { "streaming.vod.jobs", "streaming.vod.remux.duration", "streaming.vod.remux.throughput", "streaming.vod.queue.duration" }
                    .All(fixture.WorkerTelemetry.AnyPayloadContains)),
            Timeout, "the worker's VOD metrics to be exported");

        AssertNoSecrets(channel.StreamKey);
    }

    [Fact]
    public async Task RefusedPublishesAreSpansWithTheirReason()
    {
        using var metrics = new ApiMetrics();
        var channel = await Channels.CreateAsync(fixture.Api, "refused");
        var wrongKey = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, "not-the-key-0123456789"));
        var invalidName = FfmpegPublisher.Start(fixture.Nginx.PublishUrl("Not.A.Valid.Name", channel.StreamKey));
        await using (wrongKey)
        await using (invalidName)
        {
            Assert.True(await wrongKey.WaitForExitAsync(Timeout), "nginx let a wrong key publish");
            Assert.True(await invalidName.WaitForExitAsync(Timeout), "nginx let an invalid name publish");
        }

        var refused = ApiSpans(channel.Name, "hook publish").Single();
        Assert.Equal("wrong_key", refused.GetTagItem("streaming.publish.outcome"));
        Assert.Equal(ActivityStatusCode.Error, refused.Status);
        Assert.Equal(default, refused.ParentSpanId);
        await Eventually.TrueAsync(() => Task.FromResult(fixture.Api.Spans.Snapshot().Any(s =>
                s.OperationName == "hook publish" && (string?)s.GetTagItem("streaming.publish.outcome") == "invalid_name")),
            TimeSpan.FromSeconds(5), "the invalid name's span");
        Assert.Contains(("streaming.publishes", "wrong_key"), metrics.Outcomes);
        Assert.Contains(("streaming.publishes", "invalid_name"), metrics.Outcomes);
        Assert.Contains(fixture.Api.Logs.Lines, l => l.Contains($"Publish refused: channel {channel.Name}, reason wrong_key", StringComparison.Ordinal)
            && l.Contains($"trace={refused.TraceId.ToHexString()}", StringComparison.Ordinal));

        AssertNoSecrets(channel.StreamKey);
    }

    [Fact]
    public async Task APublishWithinTheGraceWindowHasItsSpanAndItsRedisCommandInTheBroadcastsTrace()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "resumed-trace");
        using var api = fixture.Api.CreateHttpClient();
        var hooks = $"secret={ApiServer.HookSecret}&node=trace";
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync($"hooks/publish?{hooks}", HookForms.Publish(channel.Name, channel.StreamKey, "1"))).StatusCode);
        await api.PostAsync($"hooks/publish-done?{hooks}", HookForms.Publish(channel.Name, channel.StreamKey, "1", call: "publish_done"));
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync($"hooks/publish?{hooks}", HookForms.Publish(channel.Name, channel.StreamKey, "2"))).StatusCode);
        await api.PostAsync($"hooks/publish-done?{hooks}", HookForms.Publish(channel.Name, channel.StreamKey, "2", call: "publish_done"));

        var publishes = await Eventually.GetAsync(() => Task.FromResult(ApiSpans(channel.Name, "hook publish") is { Count: 2 } both ? both : null),
            Timeout, "both publishes' spans");
        var first = Assert.Single(publishes, s => s.GetTagItem("streaming.session.resumed") is null);
        var resumed = Assert.Single(publishes, s => s.GetTagItem("streaming.session.resumed") is true);
        Assert.Equal(first.TraceId, resumed.TraceId);
        Assert.NotEqual(default, resumed.ParentSpanId);
        var script = await Eventually.GetAsync(() => Task.FromResult(fixture.Api.Spans.Snapshot().FirstOrDefault(s => s.ParentSpanId == resumed.SpanId)),
            TimeSpan.FromSeconds(5), "the resumed publish's Redis command");
        Assert.Equal("StreamingPlatform.Redis", script.Source.Name);
        Assert.Contains((string?)script.GetTagItem("db.operation.name"), new[] { "EVALSHA", "EVAL" });
        Assert.InRange(script.StartTimeUtc, resumed.StartTimeUtc, resumed.StartTimeUtc + resumed.Duration);
    }

    private void AssertNoSecrets(string streamKey)
    {
        foreach (var secret in new[] { streamKey, ApiServer.HookSecret, ApiServer.AdminKey })
        {
            foreach (var span in fixture.Api.Spans.Snapshot())
            {
                Assert.DoesNotContain(secret, span.DisplayName + span.StatusDescription);
                Assert.All(span.TagObjects, tag => Assert.DoesNotContain(secret, $"{tag.Key}={tag.Value}"));
            }

            Assert.DoesNotContain(secret, fixture.Api.Logs.All);
            Assert.False(fixture.WorkerTelemetry.AnyPayloadContains(secret), "the worker exported a secret");
        }
    }

    private List<Activity> ApiSpans(string channel, string name) =>
        fixture.Api.Spans.Snapshot().Where(s => s.OperationName == name && (string?)s.GetTagItem("streaming.channel") == channel).ToList();

    private List<ExportedSpan> WorkerSpans(string trace) => fixture.WorkerTelemetry.Spans.Where(s => s.TraceId == trace).ToList();

    /// <summary>The Api's own meter, listened to in process while a test runs.</summary>
    private sealed class ApiMetrics : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(string, string)> _outcomes = [];
        private readonly HashSet<string> _instruments = [];

        public ApiMetrics()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "StreamingPlatform.Api")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => Record(instrument, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Record(instrument, tags));
            _listener.Start();
        }

        public IReadOnlyList<(string Instrument, string Outcome)> Outcomes
        {
            get
            {
                lock (_outcomes)
                {
                    return _outcomes.ToList();
                }
            }
        }

        public IReadOnlyCollection<string> Instruments
        {
            get
            {
                lock (_outcomes)
                {
                    return _instruments.ToList();
                }
            }
        }

        public void Dispose() => _listener.Dispose();

        private void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var outcome = "";
            foreach (var tag in tags)
            {
                if (tag.Key.EndsWith(".outcome", StringComparison.Ordinal))
                {
                    outcome = tag.Value?.ToString() ?? "";
                }
            }

            lock (_outcomes)
            {
                _instruments.Add(instrument.Name);
                _outcomes.Add((instrument.Name, outcome));
            }
        }
    }
}
