namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>
/// Debian's Janus through janus/entrypoint.sh (the script the AppHost and the image run): HTTP API on loopback, ICE
/// candidates on the test network's bridge only, no STUN. Can be stopped and started again on the same port.
/// </summary>
internal sealed class JanusServer : IAsyncDisposable
{
    public const string ApiSecret = "test-janus-secret-0123456789";

    private readonly TempFolder _folder = new("janus");
    private readonly Dictionary<string, string> _environment;
    private ChildProcess? _process;

    private JanusServer(TestNetwork network)
    {
        HttpPort = FreePort.Next();
        // Ranges of their own per run (Janus picks ports inside them and skips busy ones).
        var webrtc = 30000 + Random.Shared.Next(0, 100) * 200;
        _environment = new Dictionary<string, string>
        {
            ["JANUS_API_SECRET"] = ApiSecret,
            ["JANUS_HTTP_PORT"] = HttpPort.ToString(),
            ["JANUS_HTTP_ADDRESS"] = "127.0.0.1",
            ["JANUS_ICE_INTERFACES"] = network.Bridge,
            ["JANUS_LOCAL_IP"] = network.HostAddress,
            ["JANUS_WEBRTC_PORTS"] = $"{webrtc}-{webrtc + 99}",
            ["JANUS_MOUNTPOINT_PORTS"] = $"{webrtc + 100}-{webrtc + 199}",
            ["JANUS_CONFIG_PATH"] = _folder.Combine("config"),
        };
    }

    public int HttpPort { get; }

    /// <summary>The Api's and the worker's <c>Realtime:JanusUrl</c>.</summary>
    public string Url => $"http://127.0.0.1:{HttpPort}/";

    public string Output => _process?.Output ?? "";

    public bool Running => _process is { HasExited: false };

    public static Task<JanusServer> StartAsync(TestNetwork network) => StartedServers.StartAsync(new JanusServer(network), s => s.StartAgainAsync());

    public async Task StartAgainAsync()
    {
        _process = ChildProcess.Start(Path.Combine(RepositoryPaths.Root, "janus", "entrypoint.sh"), [], _environment);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var process = _process;
        await Eventually.TrueAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"janus exited with {process.ExitCode}: {process.Output}");
            }

            var info = await http.PostAsync($"{Url}janus", new StringContent("""{"janus":"info","transaction":"t"}"""));
            return info.IsSuccessStatusCode;
        }, TimeSpan.FromSeconds(20), "Janus's HTTP API");
    }

    /// <summary>Kills Janus (SIGKILL): every WebRTC session and mountpoint is gone at once.</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            process.Signal(9);
            await process.WaitForExitAsync(TimeSpan.FromSeconds(10));
            await process.DisposeAsync();
            _process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _folder.Dispose();
    }
}
