using StreamingPlatform.BroadcastState.Settings;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>
/// The real Api as a process of its own (as in a container), so that a test can kill it with SIGKILL and start it
/// again on the same port: what nginx sees when the Api crashes or is redeployed. Its logs are its console output.
/// </summary>
internal sealed class ApiProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private ChildProcess? _process;
    private string _previousOutput = "";

    private ApiProcess(int port, Dictionary<string, string> environment)
    {
        Port = port;
        _environment = environment;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>Everything every run of the Api wrote so far.</summary>
    public string Output => _previousOutput + (_process?.Output ?? "");

    public static async Task<ApiProcess> StartAsync(IDictionary<string, string> settings)
    {
        var environment = settings.ToDictionary(s => SettingNames.Variable(s.Key), s => s.Value);
        environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        environment["Logging__LogLevel__Default"] = "Information";
        environment["Logging__Console__FormatterName"] = "simple";
        return await StartedServers.StartAsync(new ApiProcess(FreePort.Next(), environment), a => a.StartAgainAsync());
    }

    /// <summary>Starts the Api on its port (the same one every time) and waits until it answers.</summary>
    public async Task StartAgainAsync()
    {
        var assembly = RepositoryPaths.ProjectAssembly("StreamingPlatform.Api");
        _process = ChildProcess.Start("dotnet",
            [assembly, "--urls", BaseAddress.ToString(), "--contentRoot", Path.GetDirectoryName(assembly)!], _environment);
        using var http = CreateHttpClient();
        var process = _process;
        await Eventually.TrueAsync(async () =>
        {
            Assert.False(process.HasExited, $"the Api exited: {process.Output}");
            try
            {
                return (await http.GetAsync("alive")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the Api to start");
    }

    /// <summary>SIGKILL, as when the Api's container crashes or is replaced: no shutdown, no goodbye.</summary>
    public async Task KillAsync()
    {
        if (_process is not null)
        {
            _process.Signal(Posix.SigKill);
            Assert.True(await _process.WaitForExitAsync(TimeSpan.FromSeconds(10)), "the Api did not die on SIGKILL");
            _previousOutput += _process.Output;
            await _process.DisposeAsync();
            _process = null;
        }
    }

    public HttpClient CreateHttpClient(string? adminKey = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
        if (adminKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", adminKey);
        }

        return client;
    }

    public ValueTask DisposeAsync() => new(KillAsync());
}
