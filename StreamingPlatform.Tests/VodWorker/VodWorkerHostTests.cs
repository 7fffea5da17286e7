using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.VodWorker;

[Collection(LiveIngestCollection.Name)]
public sealed class VodWorkerHostTests(LiveIngestFixture fixture)
{
    [Fact]
    public async Task WorkerRunsAsItsOwnProcessAndReportsHealthyWithRedisAndRabbitMq()
    {
        using var http = new HttpClient { BaseAddress = fixture.Worker.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };

        Assert.Equal("Healthy", await http.GetStringAsync("health"));
        Assert.Equal("Healthy", await http.GetStringAsync("alive"));
        Assert.Contains("Bus started", fixture.Worker.Output);
    }

    [Fact]
    public async Task WorkerRefusesToStartWithoutItsConnectionStrings()
    {
        await using var worker = ChildProcess.Start("dotnet",
            [RepositoryPaths.ProjectAssembly("StreamingPlatform.VodWorker"), "--urls", $"http://127.0.0.1:{FreePort.Next()}"],
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Testing" });

        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the worker started without configuration");
        Assert.NotEqual(0, worker.ExitCode);
        Assert.Contains("Connection string 'redis' is missing", worker.Output);
    }
}
