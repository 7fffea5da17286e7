using StackExchange.Redis;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>
/// A bare redis-server and a client of it, for the store's scripts and records: a class fixture (one per test class), or a
/// field of a test class that wants a fresh server for each test.
/// </summary>
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
