using System.Net.Sockets;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>
/// Debian's rabbitmq-server on free loopback ports with a node name, home and data folder of its own (durable
/// queues survive <see cref="StopAsync"/> + <see cref="StartAgainAsync"/>, as they survive a broker restart).
/// </summary>
internal sealed class RabbitMqServer : IAsyncDisposable
{
    private readonly TempFolder _folder = new("rabbitmq");
    private readonly int _distributionPort = FreePort.Next();
    private ChildProcess? _process;

    private RabbitMqServer(int port) => Port = port;

    public int Port { get; }

    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{Port}/";

    public static async Task<RabbitMqServer> StartAsync()
    {
        var server = new RabbitMqServer(FreePort.Next());
        await server.StartAgainAsync();
        return server;
    }

    public async Task StartAgainAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = _folder.Path,
            ["RABBITMQ_NODENAME"] = $"rabbit-{Port}@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = Port.ToString(),
            ["RABBITMQ_DIST_PORT"] = _distributionPort.ToString(),
            ["RABBITMQ_MNESIA_BASE"] = _folder.Combine("mnesia"),
            ["RABBITMQ_LOG_BASE"] = _folder.Combine("log"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = _folder.Combine("enabled_plugins"),
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
        };
        _process = ChildProcess.Start("/usr/lib/rabbitmq/bin/rabbitmq-server", [], environment);
        await Eventually.TrueAsync(async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"rabbitmq-server exited with {_process.ExitCode}: {_process.Output}");
            }

            // The AMQP port opens only once the broker has booted.
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync("127.0.0.1", Port);
                return _process.Output.Contains("Starting broker... completed", StringComparison.Ordinal);
            }
            catch (SocketException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), $"rabbitmq-server on port {Port}");
    }

    /// <summary>Kills the broker, as a crash would.</summary>
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
        _folder.Dispose();
    }
}
