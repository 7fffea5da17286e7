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

    public static Task<RabbitMqServer> StartAsync() => StartedServers.StartAsync(new RabbitMqServer(FreePort.Next()), s => s.StartAgainAsync());

    /// <summary>How many messages each queue holds now (rabbitmqctl list_queues, as an operator would look).</summary>
    public async Task<IReadOnlyDictionary<string, int>> QueueDepthsAsync()
    {
        await using var ctl = ChildProcess.Start("/usr/lib/rabbitmq/bin/rabbitmqctl",
            ["-n", NodeName, "-q", "list_queues", "--no-table-headers", "name", "messages"], Environment);
        Assert.True(await ctl.WaitForExitAsync(TimeSpan.FromSeconds(30)) && ctl.ExitCode == 0, $"rabbitmqctl list_queues failed: {ctl.Output}");
        return ctl.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t', ' '))
            .Where(fields => fields.Length >= 2 && int.TryParse(fields[^1], out _))
            .ToDictionary(fields => fields[0], fields => int.Parse(fields[^1]));
    }

    private string NodeName => $"rabbit-{Port}@localhost";

    private Dictionary<string, string> Environment => new()
    {
        ["HOME"] = _folder.Path,
        ["RABBITMQ_NODENAME"] = NodeName,
        ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_NODE_PORT"] = Port.ToString(),
        ["RABBITMQ_DIST_PORT"] = _distributionPort.ToString(),
        ["RABBITMQ_MNESIA_BASE"] = _folder.Combine("mnesia"),
        ["RABBITMQ_LOG_BASE"] = _folder.Combine("log"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = _folder.Combine("enabled_plugins"),
        ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
        ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
    };

    public async Task StartAgainAsync()
    {
        _process = ChildProcess.Start("/usr/lib/rabbitmq/bin/rabbitmq-server", [], Environment);
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
