using StackExchange.Redis;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>Redis, the Api and nginx-rtmp, started once for every test in the collection.</summary>
public sealed class LiveIngestFixture : IAsyncLifetime
{
    private RedisServer? _redis;
    private ApiServer? _api;
    private NginxRtmpServer? _nginx;
    private ConnectionMultiplexer? _redisClient;

    internal RedisServer Redis => _redis!;

    internal ApiServer Api => _api!;

    internal NginxRtmpServer Nginx => _nginx!;

    /// <summary>A client of the test's own, to look at what the Api stored.</summary>
    internal IDatabase RedisDatabase => _redisClient!.GetDatabase();

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _redisClient = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        var nginxHttpPort = FreePort.Next();
        _api = ApiServer.Start(_redis.ConnectionString, nginxHttpPort);
        _nginx = await NginxRtmpServer.StartAsync(_api.BaseAddress.ToString(), ApiServer.HookSecret, nginxHttpPort);
    }

    public async Task DisposeAsync()
    {
        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }

        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        _redisClient?.Dispose();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LiveIngestCollection : ICollectionFixture<LiveIngestFixture>
{
    public const string Name = "live ingest";
}
