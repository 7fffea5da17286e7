using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>Every log line the Api writes, with its structured values, trace id and exception, for secrecy checks.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public string All => string.Join('\n', _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            // The trace the line belongs to, as OpenTelemetry's log exporter would correlate it.
            var trace = System.Diagnostics.Activity.Current?.TraceId.ToHexString() ?? "none";
            lines.Enqueue($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)} | {values} | trace={trace} | {exception}");
        }
    }
}
