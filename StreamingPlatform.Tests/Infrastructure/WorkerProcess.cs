using StreamingPlatform.BroadcastState.Settings;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>The real VodWorker, started as its own process (as in a container), so that tests can kill it.</summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private ChildProcess? _process;

    private WorkerProcess(Dictionary<string, string> environment) => _environment = environment;

    public string Output => _process?.Output ?? "";

    /// <summary>The worker's HTTP address (health endpoints) in its current run.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public static async Task<WorkerProcess> StartAsync(IDictionary<string, string> settings)
    {
        var environment = settings.ToDictionary(s => SettingNames.Variable(s.Key), s => s.Value);
        environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        environment["Logging__LogLevel__Default"] = "Information";
        environment.TryAdd("MediaDisk__LowFreeMegabytes", TestDiskMarks.LowFreeMegabytes);
        environment.TryAdd("MediaDisk__CriticalFreeMegabytes", TestDiskMarks.CriticalFreeMegabytes);
        return await StartedServers.StartAsync(new WorkerProcess(environment), w => w.StartAgainAsync());
    }

    /// <summary>Starts the worker, with <paramref name="overrides"/> on top of its settings for this run only.</summary>
    public async Task StartAgainAsync(IDictionary<string, string>? overrides = null)
    {
        var port = FreePort.Next();
        var environment = new Dictionary<string, string>(_environment);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            environment[SettingNames.Variable(key)] = value;
        }

        _process = ChildProcess.Start("dotnet",
            [RepositoryPaths.ProjectAssembly("StreamingPlatform.VodWorker"), "--urls", $"http://127.0.0.1:{port}"], environment);
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var process = _process;
        await Eventually.TrueAsync(async () =>
        {
            Assert.False(process.HasExited, $"the worker exited: {process.Output}");
            return (await http.GetAsync("alive")).IsSuccessStatusCode && process.Output.Contains("Bus started", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(60), "the VodWorker to start");
    }

    /// <summary>SIGKILL for the worker and its FFmpeg children, as when a container is killed.</summary>
    public async Task KillAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    /// <summary>SIGTERM, a graceful shutdown; returns once the process has exited.</summary>
    public async Task StopGracefullyAsync()
    {
        if (_process is not null)
        {
            _process.Signal(Posix.SigTerm);
            Assert.True(await _process.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the worker did not stop on SIGTERM");
            await _process.DisposeAsync();
            _process = null;
        }
    }

    public ValueTask DisposeAsync() => new(KillAsync());
}
