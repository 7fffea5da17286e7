using System.Text.RegularExpressions;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>A test server whose start fails leaves nothing running: the test that asked for it never gets it to stop.</summary>
public sealed class ServerStartTests
{
    [Fact]
    public async Task ARedisServerNotReadyInTimeIsStoppedBeforeTheStartFails()
    {
        var failure = await Assert.ThrowsAsync<TimeoutException>(() => RedisServer.StartAsync(readyWithin: TimeSpan.Zero));

        var port = Regex.Match(failure.Message, @"redis-server on port (\d+)").Groups[1].Value;
        Assert.NotEmpty(port);
        Assert.DoesNotContain(ProcessTable.CommandLines(), line => line.StartsWith("redis-server", StringComparison.Ordinal) && line.Contains(port, StringComparison.Ordinal));
    }
}
