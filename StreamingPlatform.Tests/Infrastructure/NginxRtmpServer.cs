using StreamingPlatform.BroadcastState.Settings;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>
/// nginx with the RTMP module, started through nginx-rtmp/entrypoint.sh with the repository's template: the very
/// configuration the container runs, on free ports and in a temp folder of its own.
/// </summary>
internal sealed class NginxRtmpServer : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly TempFolder _folder;
    private readonly string? _dvrPath;

    private NginxRtmpServer(ChildProcess process, TempFolder folder, string mediaRoot, int rtmpPort, int httpPort, int rtmpsPort, string? dvrPath, int hookProxyPort)
    {
        HookProxyPort = hookProxyPort;
        RtmpsPort = rtmpsPort;
        _process = process;
        _folder = folder;
        _dvrPath = dvrPath;
        MediaRoot = mediaRoot;
        RtmpPort = rtmpPort;
        HttpPort = httpPort;
    }

    /// <summary>The folder holding hls/ and recordings/ (shared with the Api and the worker when given).</summary>
    public string MediaRoot { get; }

    public int RtmpPort { get; }

    public int HttpPort { get; }

    /// <summary>The hook proxy's loopback port, which nginx-rtmp calls for every hook.</summary>
    public int HookProxyPort { get; }

    /// <summary>RTMPS (nginx's stream module in front of RTMP), when started with a certificate.</summary>
    public int RtmpsPort { get; }

    public string HlsPath => Path.Combine(MediaRoot, "hls");

    /// <summary>nginx's DVR copy: its own folder when one was given, else inside HLS's.</summary>
    public string DvrPath => _dvrPath ?? Path.Combine(HlsPath, ".dvr");

    public string RecordingsPath => Path.Combine(MediaRoot, "recordings");

    public string ErrorLogPath => _folder.Combine("error.log");

    public string AccessLogPath => _folder.Combine("access.log");

    public Uri HttpBaseAddress => new($"http://127.0.0.1:{HttpPort}/");

    public string PublishUrl(string name, string? key) =>
        key is null ? $"rtmp://127.0.0.1:{RtmpPort}/live/{name}" : $"rtmp://127.0.0.1:{RtmpPort}/live/{name}?key={key}";

    /// <summary>The same publish address over RTMPS, to <paramref name="host"/> (another interface of this machine, say).</summary>
    public string RtmpsPublishUrl(string application, string name, string? key, string host = "127.0.0.1") =>
        $"rtmps://{host}:{RtmpsPort}/{application}/{name}" + (key is null ? "" : $"?key={key}");

    public static async Task<NginxRtmpServer> StartAsync(
        string hookBaseUrl, string hookSecret, int? httpPort = null, string? mediaRoot = null, string hookUpdateInterval = "1s",
        TestCertificate? certificate = null, int? rtmpPort = null, int? workers = null, string? dvrPath = null)
    {
        // Built once for the whole run, so that no nginx start below waits for the compiler (entrypoint.sh would build it).
        await WorkerSocketsModule.Value;
        var folder = new TempFolder("nginx");
        mediaRoot ??= folder.Path;
        rtmpPort ??= FreePort.Next();
        httpPort ??= FreePort.Next();
        var hookProxyPort = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["HOOK_BASE_URL"] = hookBaseUrl,
            [SettingNames.NginxHookSecret] = hookSecret,
            ["HOOK_UPDATE_INTERVAL"] = hookUpdateInterval,
            ["HOOK_PROXY_PORT"] = hookProxyPort.ToString(),
            ["NODE_ID"] = "test-node",
            ["RTMP_PORT"] = rtmpPort.Value.ToString(),
            ["HTTP_PORT"] = httpPort.Value.ToString(),
            ["HLS_PATH"] = Path.Combine(mediaRoot, "hls"),
            ["RECORDINGS_PATH"] = Path.Combine(mediaRoot, "recordings"),
            ["NGINX_RUNTIME_PATH"] = RuntimePath(folder),
            ["NGINX_ERROR_LOG"] = folder.Combine("error.log"),
            ["NGINX_ACCESS_LOG"] = folder.Combine("access.log"),
            ["NGINX_CONF_TEMPLATE"] = Path.Combine(RepositoryPaths.NginxRtmp, "nginx.conf.template"),
        };
        if (dvrPath is not null)
        {
            environment["DVR_PATH"] = dvrPath;
        }

        if (workers is not null)
        {
            environment["NGINX_WORKERS"] = workers.Value.ToString();
        }

        var rtmpsPort = 0;
        if (certificate is not null)
        {
            rtmpsPort = FreePort.Next();
            environment["TLS_CERTIFICATE"] = certificate.CertificateFile;
            environment["TLS_CERTIFICATE_KEY"] = certificate.KeyFile;
            environment["RTMPS_PORT"] = rtmpsPort.ToString();
            environment["RTMPS_PROXY_PORT"] = FreePort.Next().ToString();
        }

        var process = ChildProcess.Start(Path.Combine(RepositoryPaths.NginxRtmp, "entrypoint.sh"), [], environment);
        return await StartedServers.StartAsync(
            new NginxRtmpServer(process, folder, mediaRoot, rtmpPort.Value, httpPort.Value, rtmpsPort, dvrPath, hookProxyPort), s => s.WaitUntilHealthyAsync());
    }

    private static string RuntimePath(TempFolder folder) => folder.Combine("run");

    private static readonly Lazy<Task> WorkerSocketsModule = new(async () =>
    {
        var (exit, output) = await ChildProcess.RunAsync(Path.Combine(RepositoryPaths.NginxRtmp, "worker-sockets", "build.sh"), [], TimeSpan.FromMinutes(3));
        Assert.True(exit == 0, $"the worker-sockets module did not build: {output}");
    });

    /// <summary>nginx's worker processes (the master's children), each with its own share of the streams.</summary>
    public IReadOnlyList<int> WorkerIds =>
        Posix.Children(_process.Id)
            .Where(id => ProcessTable.Arguments(id) is [var title, ..] && title.StartsWith("nginx: worker process", StringComparison.Ordinal))
            .ToList();

    /// <summary>The hook proxy, an nginx of its own beside nginx-rtmp: its master (named by its pid file), or null while
    /// it is not running.</summary>
    public int? HookProxyId
    {
        get
        {
            var pidFile = Path.Combine(RuntimePath(_folder), "hook-proxy.pid");
            return File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile), out var id) && Posix.IsAlive(id) ? id : null;
        }
    }

    /// <summary>The hook proxy's worker processes: they hold its connections to the Api.</summary>
    public IReadOnlyList<int> HookProxyWorkerIds => HookProxyId is { } id ? Posix.Children(id) : [];

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = HttpBaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.TrueAsync(async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {_process.ExitCode}: {_process.Output} {ReadLog(ErrorLogPath)}");
            }

            return (await http.GetAsync("health")).IsSuccessStatusCode;
        }, TimeSpan.FromSeconds(15), "nginx-rtmp's /health");
    }

    /// <summary>Kills nginx's master and workers with SIGKILL: no hook gets sent, as when a container dies.</summary>
    public async Task KillAsync()
    {
        // Stopped first, so the master cannot respawn a worker it sees die; a respawned orphan would keep the
        // output pipes open and the exit would never be seen.
        _process.Signal(Posix.SigStop);
        var workers = Posix.Children(_process.Id);
        foreach (var worker in workers)
        {
            Posix.Signal(worker, Posix.SigKill);
        }

        _process.Signal(Posix.SigKill);
        Assert.True(await _process.WaitForExitAsync(TimeSpan.FromSeconds(10)),
            $"nginx did not die on SIGKILL; still alive: {string.Join(", ", workers.Where(Posix.IsAlive))}");
    }

    /// <summary>What entrypoint.sh and nginx wrote to stdout and stderr.</summary>
    public string Output => _process.Output;

    public string ReadLog(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGQUIT is nginx's graceful stop: it sends the last publish_done and record_done hooks.
            _process.Signal(3);
            await _process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        await _process.DisposeAsync();
        _folder.Dispose();
    }
}
