using System.Diagnostics;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.AppHost;

/// <summary>The built AppHost, as `dotnet run` starts it, for the checks it makes before Aspire starts anything.</summary>
internal static class AppHostProcess
{
    /// <summary>Runs it with the environment changed as given and waits for it to stop.</summary>
    public static async Task<(int ExitCode, string Output, TimeSpan Elapsed)> RunAsync(Dictionary<string, string> environment, params string[] arguments)
    {
        var appHost = Path.Combine(AppContext.BaseDirectory, "StreamingPlatform.AppHost.dll");
        var stopwatch = Stopwatch.StartNew();
        await using var process = ChildProcess.Start(Environment.ProcessPath!, [appHost, .. arguments], environment);
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), $"the AppHost did not stop: {process.Output}");
        return (process.ExitCode, process.Output, stopwatch.Elapsed);
    }
}
