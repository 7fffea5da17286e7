using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Redis commands as client spans. The OpenTelemetry.Instrumentation.StackExchangeRedis package is not on the
/// NuGet mirror this project builds from, so this does what it does, with StackExchange.Redis's profiling API:
/// a recorded activity that sends commands gets a profiling session, and when the activity stops, each of its
/// commands becomes a child span with the command's real start and duration. Only the command name is recorded,
/// never keys or arguments.
/// </summary>
public sealed class RedisTracing : IDisposable
{
    public const string SourceName = "StreamingPlatform.Redis";

    private static readonly ActivitySource Source = new(SourceName);

    private readonly ConditionalWeakTable<Activity, ProfilingSession> _sessions = new();
    private readonly ActivityListener _listener;

    public RedisTracing()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name != SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
            ActivityStopped = EmitCommandSpans,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IConnectionMultiplexer Instrument(IConnectionMultiplexer redis)
    {
        redis.RegisterProfiler(SessionOfCurrentActivity);
        return redis;
    }

    /// <summary>The commands <paramref name="from"/> sent become <paramref name="to"/>'s: a span started again in another trace.</summary>
    public void MoveCommands(Activity from, Activity to)
    {
        if (_sessions.TryGetValue(from, out var session))
        {
            _sessions.Remove(from);
            _sessions.AddOrUpdate(to, session);
        }
    }

    private ProfilingSession? SessionOfCurrentActivity() =>
        Activity.Current is { Recorded: true } activity && Source.HasListeners()
            ? _sessions.GetValue(activity, _ => new ProfilingSession())
            : null;

    private void EmitCommandSpans(Activity parent)
    {
        if (!_sessions.TryGetValue(parent, out var session))
        {
            return;
        }

        _sessions.Remove(parent);
        foreach (var command in session.FinishProfiling())
        {
            var start = new DateTimeOffset(command.CommandCreated.ToUniversalTime());
            using var span = Source.StartActivity(command.Command, ActivityKind.Client, parent.Context, startTime: start);
            if (span is null)
            {
                continue;
            }

            span.SetTag("db.system.name", "redis");
            span.SetTag("db.operation.name", command.Command);
            span.SetTag("db.namespace", command.Db.ToString(System.Globalization.CultureInfo.InvariantCulture));
            switch (command.EndPoint)
            {
                case DnsEndPoint dns:
                    span.SetTag("server.address", dns.Host);
                    span.SetTag("server.port", dns.Port);
                    break;
                case IPEndPoint ip:
                    span.SetTag("server.address", ip.Address.ToString());
                    span.SetTag("server.port", ip.Port);
                    break;
            }

            span.SetEndTime((start + command.ElapsedTime).UtcDateTime);
        }
    }

    public void Dispose() => _listener.Dispose();
}
