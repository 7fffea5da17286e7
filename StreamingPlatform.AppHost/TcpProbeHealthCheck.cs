using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>
/// Healthy when the endpoint answers a protocol greeting with the expected first bytes: Redis's PING with +PONG,
/// RabbitMQ's AMQP header with a method frame (Connection.Start). An open port alone proves nothing: DCP's proxy
/// accepts connections before the server behind it is up.
/// </summary>
internal sealed class TcpProbeHealthCheck(EndpointReference endpoint, byte[] greeting, byte[] expectedReply) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static TcpProbeHealthCheck RedisPing(EndpointReference endpoint) => new(endpoint, "PING\r\n"u8.ToArray(), "+PONG"u8.ToArray());

    public static TcpProbeHealthCheck AmqpHeader(EndpointReference endpoint) => new(endpoint, "AMQP\0\0\u0009\u0001"u8.ToArray(), [1]);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!endpoint.IsAllocated)
        {
            return HealthCheckResult.Unhealthy($"{endpoint.Resource.Name}: endpoint '{endpoint.EndpointName}' not allocated yet");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(greeting, timeout.Token);
            var reply = new byte[expectedReply.Length];
            await stream.ReadExactlyAsync(reply, timeout.Token);
            return reply.AsSpan().SequenceEqual(expectedReply)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{endpoint.Resource.Name} answered something unexpected");
        }
        catch (Exception exception) when (exception is SocketException or IOException or EndOfStreamException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{endpoint.Resource.Name} does not answer yet: {exception.Message}");
        }
    }
}
