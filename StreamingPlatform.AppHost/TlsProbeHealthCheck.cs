using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>
/// Healthy when a TLS handshake for the public host succeeds on the port, that is when Caddy serves a certificate for it
/// (for ACME: once Let's Encrypt issued it). Trust is not judged here: an internal CA's root is in no store of this machine.
/// </summary>
internal sealed class TlsProbeHealthCheck(string host, int port) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, timeout.Token);
            return tls.RemoteCertificate is X509Certificate2 certificate && certificate.MatchesHostname(host)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"the certificate on port {port} is not for {host}");
        }
        catch (Exception exception) when (exception is SocketException or IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"no TLS handshake for {host} on port {port} yet: {exception.Message}");
        }
    }
}
