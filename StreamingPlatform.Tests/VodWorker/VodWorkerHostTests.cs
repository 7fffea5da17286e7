using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.VodWorker;

public sealed class VodWorkerHostTests
{
    [Fact]
    public async Task WorkerStartsAsItsOwnProcessAndReportsHealthy()
    {
        var port = FreePort.Next();
        await using var worker = ChildProcess.Start("dotnet",
            [RepositoryPaths.ProjectAssembly("StreamingPlatform.VodWorker"), "--urls", $"http://127.0.0.1:{port}"],
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Testing" });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(2) };

        var health = await Eventually.GetAsync(async () =>
        {
            Assert.False(worker.HasExited, worker.Output);
            return await http.GetStringAsync("health");
        }, TimeSpan.FromSeconds(30), "the worker's /health");

        Assert.Equal("Healthy", health);
        Assert.Equal("Healthy", await http.GetStringAsync("alive"));
    }
}
