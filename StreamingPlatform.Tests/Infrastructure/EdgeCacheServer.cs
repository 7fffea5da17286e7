namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>
/// The CDN's stand-in: a second nginx caching nginx-rtmp's /hls/, started through nginx-rtmp/edge-cache.sh with the
/// repository's template (the one bench/cdn measures), on a free port and in a temp folder of its own.
/// </summary>
internal sealed class EdgeCacheServer : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly TempFolder _folder;

    private EdgeCacheServer(ChildProcess process, TempFolder folder, int port)
    {
        _process = process;
        _folder = folder;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri BaseAddress { get; }

    public static async Task<EdgeCacheServer> StartAsync(Uri origin)
    {
        var folder = new TempFolder("edge");
        var port = FreePort.Next();
        var process = ChildProcess.Start(Path.Combine(RepositoryPaths.NginxRtmp, "edge-cache.sh"), [], new Dictionary<string, string>
        {
            ["ORIGIN"] = origin.Authority,
            ["EDGE_LISTEN"] = $"127.0.0.1:{port}",
            ["EDGE_CACHE_SIZE"] = "256m",
            ["EDGE_RUNTIME_PATH"] = folder.Combine("run"),
            ["EDGE_ERROR_LOG"] = folder.Combine("error.log"),
            ["EDGE_ACCESS_LOG"] = folder.Combine("access.log"),
        });
        return await StartedServers.StartAsync(new EdgeCacheServer(process, folder, port), s => s.WaitUntilListeningAsync());
    }

    private async Task WaitUntilListeningAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.TrueAsync(async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the edge cache exited with {_process.ExitCode}: {_process.Output}");
            }

            // nginx's own 404 for anything outside /hls/: it listens.
            return (await http.GetAsync("ready")).StatusCode == System.Net.HttpStatusCode.NotFound;
        }, TimeSpan.FromSeconds(15), "the edge cache to listen");
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync(); // killed: a cache has nothing to finish
        _folder.Dispose();
    }
}
