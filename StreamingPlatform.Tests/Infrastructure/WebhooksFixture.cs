using StackExchange.Redis;
using StreamingPlatform.BroadcastState.Settings;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>
/// The platform for the webhook tests: Redis, RabbitMQ, the Api as a process of its own (killable, exporting its spans
/// over OTLP here), nginx-rtmp and the VodWorker on one media folder. Loopback 127.0.0.1 is an allowed webhook host (the
/// test's receivers listen there); retries are fast and the reconnect grace short, so a broadcast's events come quickly.
/// </summary>
public sealed class WebhooksFixture : IAsyncLifetime
{
    public const string WebhooksSecret = "test-webhooks-secret-0123456789";
    public const int FailingAfter = 3;
    public const int ReconnectGraceSeconds = 3;

    private readonly StartedServers _servers = new();
    private readonly TempFolder _media = new("webhooks-media");
    private OtlpCollector? _collector;
    private RedisServer? _redis;
    private RabbitMqServer? _rabbitMq;
    private ApiProcess? _api;
    private NginxRtmpServer? _nginx;
    private WorkerProcess? _worker;
    private ConnectionMultiplexer? _redisClient;

    internal ApiProcess Api => _api!;

    internal NginxRtmpServer Nginx => _nginx!;

    internal OtlpCollector Telemetry => _collector!;

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
        _api = _servers.Add(await ApiProcess.StartAsync(new Dictionary<string, string>(_collector.ExporterSettings)
        {
            ["OTEL_SERVICE_NAME"] = "api",
            ["ConnectionStrings:redis"] = _redis.ConnectionString,
            ["ConnectionStrings:messaging"] = _rabbitMq.ConnectionString,
            [SettingNames.HookSecret] = ApiServer.HookSecret,
            ["Admin:ApiKey"] = ApiServer.AdminKey,
            ["Sessions:LeaseSeconds"] = ApiServer.LeaseSeconds.ToString(),
            ["Sessions:ReconnectGraceSeconds"] = ReconnectGraceSeconds.ToString(),
            ["Sessions:ReconcileIntervalSeconds"] = "1",
            ["Streaming:HlsBaseUrl"] = $"http://127.0.0.1:{nginxHttpPort}/hls",
            ["Media:Root"] = _media.Path,
            [SettingNames.WebhooksSecret] = WebhooksSecret,
            ["Webhooks:AllowedHosts:0"] = "127.0.0.1",
            ["Webhooks:FirstRetrySeconds"] = "1",
            ["Webhooks:SlowRetrySeconds"] = "2",
            ["Webhooks:FailingAfter"] = FailingAfter.ToString(),
            ["Webhooks:TimeoutSeconds"] = "5",
        }));
        _nginx = _servers.Add(await NginxRtmpServer.StartAsync(_api.BaseAddress.ToString(), ApiServer.HookSecret, nginxHttpPort, _media.Path));
        _worker = _servers.Add(await WorkerProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings:redis"] = _redis.ConnectionString,
            ["ConnectionStrings:messaging"] = _rabbitMq.ConnectionString,
            ["Media:Root"] = _media.Path,
            ["Vod:LockSeconds"] = "3",
        }));
    }

    public async Task DisposeAsync()
    {
        await _servers.DisposeAsync();

        _redisClient?.Dispose();
        _media.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class WebhooksCollection : ICollectionFixture<WebhooksFixture>
{
    public const string Name = "webhooks";
}
