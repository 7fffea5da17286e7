using StackExchange.Redis;
using StreamingPlatform.BroadcastState.Settings;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>
/// The whole platform on this machine, started once for every test in the collection: Redis, RabbitMQ, the Api,
/// nginx-rtmp and the VodWorker, with one media folder (hls/, recordings/, vod/) that all of them share.
/// </summary>
public sealed class LiveIngestFixture : IAsyncLifetime
{
    private readonly StartedServers _servers = new();
    private readonly TempFolder _media = new("media");

    /// <summary>nginx's RTMPS certificate, as an operator's files.</summary>
    internal TestCertificate RtmpsCertificate { get; } = new("streaming.test");
    private RedisServer? _redis;
    private RabbitMqServer? _rabbitMq;
    private ApiServer? _api;
    private NginxRtmpServer? _nginx;
    private WorkerProcess? _worker;
    private OtlpCollector? _collector;
    private ConnectionMultiplexer? _redisClient;

    internal RedisServer Redis => _redis!;

    internal RabbitMqServer RabbitMq => _rabbitMq!;

    internal ApiServer Api => _api!;

    internal NginxRtmpServer Nginx => _nginx!;

    internal WorkerProcess Worker => _worker!;

    /// <summary>What the worker exported over OTLP, as it would to the Aspire dashboard.</summary>
    internal OtlpCollector WorkerTelemetry => _collector!;

    internal string VodPath => _media.Combine("vod");

    /// <summary>The DVR copy in a folder of its own, not inside HLS's, as the AppHost keeps it (its live HLS is in memory).</summary>
    private string DvrPath => _media.Combine("dvr");

    /// <summary>A client of the test's own, to look at what the services stored.</summary>
    internal IDatabase RedisDatabase => _redisClient!.GetDatabase();

    public async Task InitializeAsync()
    {
        _collector = _servers.Add(await OtlpCollector.StartAsync());
        var redis = RedisServer.StartAsync();
        var rabbitMq = RabbitMqServer.StartAsync();
        _redis = _servers.Add(await redis);
        _rabbitMq = _servers.Add(await rabbitMq);
        _redisClient = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);

        var nginxHttpPort = FreePort.Next();
        var nginxRtmpPort = FreePort.Next();
        _api = _servers.Add(ApiServer.Start(_redis.ConnectionString, nginxHttpPort, new Dictionary<string, string>
        {
            ["ConnectionStrings:messaging"] = _rabbitMq.ConnectionString,
            ["Media:Root"] = _media.Path,
            ["Media:DvrPath"] = DvrPath,
            ["GoLive:RtmpBaseUrl"] = $"rtmp://127.0.0.1:{nginxRtmpPort}",
        }));
        _nginx = _servers.Add(await NginxRtmpServer.StartAsync(
            _api.BaseAddress.ToString(), ApiServer.HookSecret, nginxHttpPort, _media.Path, certificate: RtmpsCertificate, rtmpPort: nginxRtmpPort,
            dvrPath: DvrPath));
        _worker = _servers.Add(await WorkerProcess.StartAsync(WorkerSettings));
    }

    internal Dictionary<string, string> WorkerSettings => new(_collector!.ExporterSettings)
    {
        ["OTEL_SERVICE_NAME"] = "vod-worker",
        ["ConnectionStrings:redis"] = _redis!.ConnectionString,
        ["ConnectionStrings:messaging"] = _rabbitMq!.ConnectionString,
        ["Media:Root"] = _media.Path,
        ["Media:DvrPath"] = DvrPath,
        ["Vod:LockSeconds"] = "3",
        ["Vod:SweepIntervalSeconds"] = "2",
        ["Thumbnails:HlsBaseUrl"] = new Uri(_nginx!.HttpBaseAddress, "hls/").ToString(),
        ["Thumbnails:IntervalSeconds"] = "1",
        ["Ladder:RtmpBaseUrl"] = $"rtmp://127.0.0.1:{_nginx.RtmpPort}",
        [SettingNames.LadderSecret] = ApiServer.LadderSecret,
        ["Ladder:ScanSeconds"] = "1",
        [SettingNames.RestreamSecret] = ApiServer.RestreamSecret,
        ["Restream:ScanSeconds"] = "1",
    };

    public async Task DisposeAsync()
    {
        await _servers.DisposeAsync();

        _redisClient?.Dispose();
        _media.Dispose();
        RtmpsCertificate.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class LiveIngestCollection : ICollectionFixture<LiveIngestFixture>
{
    public const string Name = "live ingest";
}
