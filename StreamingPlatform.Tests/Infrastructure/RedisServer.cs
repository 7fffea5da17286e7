using StackExchange.Redis;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>
/// Debian's redis-server on a free loopback port. No persistence, unless started with an append-only file (fsync every
/// second, as the AppHost and the deployment run it), which then survives <see cref="StopAsync"/> (SIGKILL) and
/// <see cref="StartAgainAsync"/>. Can be stopped and started again on the same port.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private readonly TempFolder? _data;
    private ChildProcess? _process;

    private RedisServer(int port, TempFolder? data)
    {
        Port = port;
        _data = data;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <param name="readyWithin">How long redis-server may take to answer PING; 15 s unless given.</param>
    public static Task<RedisServer> StartAsync(bool appendOnly = false, TimeSpan? readyWithin = null) =>
        StartedServers.StartAsync(new RedisServer(FreePort.Next(), appendOnly ? new TempFolder("redis-aof") : null), s => s.StartAgainAsync(readyWithin));

    public async Task StartAgainAsync(TimeSpan? readyWithin = null)
    {
        string[] persistence = _data is null
            ? ["--appendonly", "no"]
            : ["--appendonly", "yes", "--appendfsync", "everysec", "--dir", _data.Path];
        _process = ChildProcess.Start("redis-server", ["--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", .. persistence]);
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync($"{ConnectionString},connectTimeout=500");
                await connection.GetDatabase().PingAsync();
                return true;
            }
            catch (RedisConnectionException)
            {
                return false;
            }
        }, readyWithin ?? TimeSpan.FromSeconds(15), $"redis-server on port {Port}: {_process.Output}");
    }

    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _data?.Dispose();
    }
}
