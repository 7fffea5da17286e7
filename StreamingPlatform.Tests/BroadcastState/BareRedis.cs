using StackExchange.Redis;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.BroadcastState;

/// <summary>A bare redis-server per test class, for the store's scripts and records.</summary>
public sealed class BareRedis : IAsyncLifetime
{
    private RedisServer? _server;

    public ConnectionMultiplexer Connection { get; private set; } = null!;

    public IDatabase Database => Connection.GetDatabase();

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        Connection = await ConnectionMultiplexer.ConnectAsync(_server.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        Connection?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
