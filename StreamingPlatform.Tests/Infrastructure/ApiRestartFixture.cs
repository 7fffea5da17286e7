using StackExchange.Redis;
using StreamingPlatform.BroadcastState.Settings;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>
/// The platform with the Api as a process of its own, so tests can kill it with SIGKILL and start it again on the same
/// port: Redis, RabbitMQ, the Api, nginx-rtmp (hooks through its loopback proxy) and the VodWorker, on one media
/// folder. Its own servers, so that no other Api reconciles the sessions these tests leave without an Api.
/// </summary>
public sealed class ApiRestartFixture : IAsyncLifetime
{
    private readonly StartedServers _servers = new();
    private readonly TempFolder _media = new("restart-media");
    private RedisServer? _redis;
    private RabbitMqServer? _rabbitMq;
    private ApiProcess? _api;
    private NginxRtmpServer? _nginx;
    private WorkerProcess? _worker;
    private ConnectionMultiplexer? _redisClient;

    internal ApiProcess Api => _api!;

    internal NginxRtmpServer Nginx => _nginx!;

    internal WorkerProcess Worker => _worker!;

    internal IDatabase RedisDatabase => _redisClient!.GetDatabase();

    internal IServer RedisAdmin => _redisClient!.GetServers()[0];

    public async Task InitializeAsync()
    {
        var redis = RedisServer.StartAsync();
        var rabbitMq = RabbitMqServer.StartAsync();
        _redis = _servers.Add(await redis);
        _rabbitMq = _servers.Add(await rabbitMq);
        _redisClient = await ConnectionMultiplexer.ConnectAsync($"{_redis.ConnectionString},allowAdmin=true");

        var nginxHttpPort = FreePort.Next();
        var nginxRtmpPort = FreePort.Next();
        _api = _servers.Add(await ApiProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings:redis"] = _redis.ConnectionString,
            ["ConnectionStrings:messaging"] = _rabbitMq.ConnectionString,
            [SettingNames.HookSecret] = ApiServer.HookSecret,
            ["Admin:ApiKey"] = ApiServer.AdminKey,
            ["Sessions:LeaseSeconds"] = ApiServer.LeaseSeconds.ToString(),
            ["Sessions:ReconnectGraceSeconds"] = ApiServer.ReconnectGraceSeconds.ToString(),
            ["Sessions:ReconcileIntervalSeconds"] = "1",
            ["Sessions:RecordingQuietSeconds"] = "3",
            ["Streaming:HlsBaseUrl"] = $"http://127.0.0.1:{nginxHttpPort}/hls",
            ["Media:Root"] = _media.Path,
            ["GoLive:RtmpBaseUrl"] = $"rtmp://127.0.0.1:{nginxRtmpPort}",
            // The web app's pages (the Go live page): outside Development the built Api serves no static web assets of its project.
            ["ASPNETCORE_WEBROOT"] = Path.Combine(RepositoryPaths.Root, "StreamingPlatform.Api", "wwwroot"),
        }));
        _nginx = _servers.Add(await NginxRtmpServer.StartAsync(_api.BaseAddress.ToString(), ApiServer.HookSecret, nginxHttpPort, _media.Path, rtmpPort: nginxRtmpPort));
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
public sealed class ApiRestartCollection : ICollectionFixture<ApiRestartFixture>
{
    public const string Name = "api restart";
}
