extern alias VodWorkerAssembly;

using System.Reflection;
using Microsoft.Extensions.Logging;
using StreamingPlatform.Api.Hooks;
using StreamingPlatform.BroadcastState.Media;
using VodWorkerAssembly::StreamingPlatform.VodWorker.Vod;

namespace StreamingPlatform.Tests.Telemetry;

/// <summary>A log event id names one kind of line within a service: its own code and the libraries it logs through.</summary>
public sealed class LogEventIdTests
{
    public static TheoryData<string> Services => ["api", "vod-worker"];

    [Theory]
    [MemberData(nameof(Services))]
    public void EveryLogEventIdOfAServiceIsUsedOnce(string service)
    {
        var own = service == "api" ? typeof(PublishHookHandler).Assembly : typeof(VodBuilder).Assembly;
        var messages = new[] { own, typeof(MediaOptions).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(method => (Method: $"{method.DeclaringType!.Name}.{method.Name}", Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToList();

        Assert.NotEmpty(messages);
        var clashes = messages.GroupBy(m => m.Attribute!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}")
            .ToList();
        Assert.True(clashes.Count == 0, $"event ids used twice in {service}: {string.Join("; ", clashes)}");
    }
}
