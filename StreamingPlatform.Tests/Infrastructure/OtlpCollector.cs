using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace StreamingPlatform.Tests.Infrastructure;

internal sealed record ExportedSpan(
    string Service, string Scope, string TraceId, string SpanId, string ParentSpanId, string Name, int StatusCode,
    IReadOnlyDictionary<string, string> Attributes);

internal sealed record ExportedLog(string Service, string TraceId, string Body);

/// <summary>
/// An OTLP/HTTP (protobuf) endpoint that keeps what it receives in memory: the worker runs as its own process, so
/// it exports the way it does to the Aspire dashboard, and tests read the spans and logs here. Raw payloads are
/// kept too, for byte-level secrecy checks.
/// </summary>
internal sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<ExportedSpan> _spans = [];
    private readonly List<ExportedLog> _logs = [];
    private readonly List<byte[]> _payloads = [];
    private readonly Lock _gate = new();

    private OtlpCollector(WebApplication app, int port)
    {
        _app = app;
        Endpoint = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri Endpoint { get; }

    /// <summary>Environment variables that make a service export here over OTLP/HTTP, quickly.</summary>
    public IReadOnlyDictionary<string, string> ExporterSettings => new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
    };

    public static async Task<OtlpCollector> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var collector = new OtlpCollector(app, port);
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            collector.Receive(signal, body.ToArray());
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        return collector;
    }

    public IReadOnlyList<ExportedSpan> Spans
    {
        get
        {
            lock (_gate)
            {
                return _spans.ToList();
            }
        }
    }

    public IReadOnlyList<ExportedLog> Logs
    {
        get
        {
            lock (_gate)
            {
                return _logs.ToList();
            }
        }
    }

    /// <summary>True when any payload received (traces, logs, metrics) holds <paramref name="text"/>'s UTF-8 bytes.</summary>
    public bool AnyPayloadContains(string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        lock (_gate)
        {
            return _payloads.Any(p => p.AsSpan().IndexOf(needle) >= 0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Receive(string signal, byte[] payload)
    {
        var spans = signal == "traces" ? ReadSpans(payload) : [];
        var logs = signal == "logs" ? ReadLogs(payload) : [];
        lock (_gate)
        {
            _payloads.Add(payload);
            _spans.AddRange(spans);
            _logs.AddRange(logs);
        }
    }

    // ExportTraceServiceRequest: resource_spans(1) { resource(1) { attributes(1) }, scope_spans(2) { scope(1) { name(1) }, spans(2) } }
    private static List<ExportedSpan> ReadSpans(byte[] payload)
    {
        var spans = new List<ExportedSpan>();
        foreach (var resourceSpans in Protobuf.Messages(payload, 1))
        {
            var service = ServiceName(resourceSpans);
            foreach (var scopeSpans in Protobuf.Messages(resourceSpans, 2))
            {
                var scope = Protobuf.Messages(scopeSpans, 1).Select(s => Protobuf.String(s, 1)).FirstOrDefault() ?? "";
                foreach (var span in Protobuf.Messages(scopeSpans, 2))
                {
                    var status = Protobuf.Messages(span, 15).Select(s => (int)Protobuf.Number(s, 3)).FirstOrDefault();
                    spans.Add(new ExportedSpan(service, scope, Protobuf.Hex(span, 1), Protobuf.Hex(span, 2), Protobuf.Hex(span, 4),
                        Protobuf.String(span, 5) ?? "", status, Attributes(span, 9)));
                }
            }
        }

        return spans;
    }

    // ExportLogsServiceRequest: resource_logs(1) { resource(1), scope_logs(2) { log_records(2) { body(5), trace_id(9) } } }
    private static List<ExportedLog> ReadLogs(byte[] payload)
    {
        var logs = new List<ExportedLog>();
        foreach (var resourceLogs in Protobuf.Messages(payload, 1))
        {
            var service = ServiceName(resourceLogs);
            foreach (var record in Protobuf.Messages(resourceLogs, 2).SelectMany(scopeLogs => Protobuf.Messages(scopeLogs, 2)))
            {
                var body = Protobuf.Messages(record, 5).Select(AnyValue).FirstOrDefault() ?? "";
                logs.Add(new ExportedLog(service, Protobuf.Hex(record, 9), body));
            }
        }

        return logs;
    }

    private static string ServiceName(ReadOnlyMemory<byte> resourceSignals) =>
        Protobuf.Messages(resourceSignals, 1).Select(r => Attributes(r, 1).GetValueOrDefault("service.name")).FirstOrDefault() ?? "";

    // KeyValue { key(1), value(2): AnyValue }
    private static Dictionary<string, string> Attributes(ReadOnlyMemory<byte> message, int field) =>
        Protobuf.Messages(message, field)
            .Select(kv => (Key: Protobuf.String(kv, 1) ?? "", Value: Protobuf.Messages(kv, 2).Select(AnyValue).FirstOrDefault() ?? ""))
            .GroupBy(kv => kv.Key)
            .ToDictionary(g => g.Key, g => g.Last().Value);

    // AnyValue { string(1) | bool(2) | int(3) | double(4) | array(5) { values(1) } }
    private static string AnyValue(ReadOnlyMemory<byte> value)
    {
        foreach (var (field, number, bytes) in Protobuf.Fields(value))
        {
            return field switch
            {
                1 => Encoding.UTF8.GetString(bytes.Span),
                2 => number != 0 ? "true" : "false",
                3 => ((long)number).ToString(System.Globalization.CultureInfo.InvariantCulture),
                4 => BitConverter.UInt64BitsToDouble(number).ToString(System.Globalization.CultureInfo.InvariantCulture),
                5 => string.Join(" ", Protobuf.Messages(bytes, 1).Select(AnyValue)),
                _ => "",
            };
        }

        return "";
    }
}
