using Microsoft.Playwright;
using StreamingPlatform.BroadcastState.Settings;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>
/// The platform with real-time playback: Redis, the Api (also listening on the test network), nginx-rtmp, Janus and the
/// VodWorker relaying into it, and Chromium inside the test network (WebRTC between two addresses the test made).
/// </summary>
public sealed class RealtimeFixture : IAsyncLifetime
{
    private readonly StartedServers _servers = new();
    private readonly TempFolder _media = new("media");
    private TestNetwork? _network;
    private RedisServer? _redis;
    private RabbitMqServer? _rabbitMq;
    private ApiServer? _api;
    private NginxRtmpServer? _nginx;
    private JanusServer? _janus;
    private WorkerProcess? _worker;
    private OtlpCollector? _collector;
    private Browser? _browser;

    internal ApiServer Api => _api!;

    internal NginxRtmpServer Nginx => _nginx!;

    internal JanusServer Janus => _janus!;

    internal WorkerProcess Worker => _worker!;

    internal OtlpCollector WorkerTelemetry => _collector!;

    /// <summary>The watch page as the browser in the test network opens it.</summary>
    internal Uri WatchAddress(string channel) => new($"http://{_network!.HostAddress}:{_api!.Port}/watch/{channel}");

    internal async Task<IPage> OpenAsync(Uri address)
    {
        var page = await _browser!.OpenAsync(address);
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = Path.Combine(RepositoryPaths.Root, "StreamingPlatform.Tests", "Infrastructure", "BurntInClock", "read-burnt-in-clock.js") });
        return page;
    }

    public async Task InitializeAsync()
    {
        _network = _servers.Add(await TestNetwork.CreateAsync(TestNetwork.Viewer));
        _collector = _servers.Add(await OtlpCollector.StartAsync());
        var redis = RedisServer.StartAsync();
        var rabbitMq = RabbitMqServer.StartAsync();
        _redis = _servers.Add(await redis);
        _rabbitMq = _servers.Add(await rabbitMq);
        _janus = _servers.Add(await JanusServer.StartAsync(_network));

        var nginxHttpPort = FreePort.Next();
        _api = _servers.Add(ApiServer.Start(_redis.ConnectionString, nginxHttpPort, new Dictionary<string, string>
        {
            ["ConnectionStrings:messaging"] = _rabbitMq.ConnectionString,
            ["Media:Root"] = _media.Path,
            ["Streaming:HlsBaseUrl"] = $"http://{_network.HostAddress}:{nginxHttpPort}/hls",
            ["Realtime:JanusUrl"] = _janus.Url,
            [SettingNames.JanusApiSecret] = JanusServer.ApiSecret,
        }, alsoListenOn: _network.HostAddress));
        _nginx = _servers.Add(await NginxRtmpServer.StartAsync(_api.BaseAddress.ToString(), ApiServer.HookSecret, nginxHttpPort, _media.Path));
        _worker = _servers.Add(await WorkerProcess.StartAsync(new Dictionary<string, string>(_collector.ExporterSettings)
        {
            ["OTEL_SERVICE_NAME"] = "vod-worker",
            ["ConnectionStrings:redis"] = _redis.ConnectionString,
            ["ConnectionStrings:messaging"] = _rabbitMq.ConnectionString,
            ["Media:Root"] = _media.Path,
            ["Ladder:RtmpBaseUrl"] = $"rtmp://127.0.0.1:{_nginx.RtmpPort}",
            [SettingNames.LadderSecret] = ApiServer.LadderSecret,
            ["Realtime:JanusUrl"] = _janus.Url,
            [SettingNames.JanusApiSecret] = JanusServer.ApiSecret,
            ["Realtime:ScanSeconds"] = "1",
            ["Realtime:MountpointAddress"] = "127.0.0.1",
        }));
        _browser = _servers.Add(await Browser.LaunchAsync(await _network.ChromiumLauncherAsync(TestNetwork.Viewer), ["--disable-features=WebRtcHideLocalIpsWithMdns"]));
    }

    public async Task DisposeAsync()
    {
        await _servers.DisposeAsync();

        _media.Dispose();
    }
}
