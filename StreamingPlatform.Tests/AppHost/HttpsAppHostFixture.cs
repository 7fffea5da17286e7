extern alias AppHost;

using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.AppHost;

/// <summary>
/// The real AppHost in local-servers mode with HTTPS and RTMPS on Caddy's internal CA for a host name of the test's own
/// (<see cref="Host"/>, which clients map to 127.0.0.1), on free ports.
/// </summary>
public sealed class HttpsAppHostFixture : IAsyncLifetime
{
    public const string Host = "streaming.test";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly TempFolder _data = new("apphost-https");

    public DistributedApplication App { get; private set; } = null!;

    public int HttpsPort { get; } = FreePort.Next();

    public int RtmpsPort { get; } = FreePort.Next();

    public Uri BaseAddress => new($"https://{Host}:{HttpsPort}/");

    /// <summary>The root of Caddy's internal CA, which signed the certificate of <see cref="Host"/>.</summary>
    public string RootCertificateFile => Path.Combine(_data.Path, "https-front", "storage", "pki", "authorities", "local", "root.crt");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<AppHost::Projects.StreamingPlatform_AppHost>(
        [
            .. AppHostFixture.Arguments(_data.Path, FreePort.Next(), FreePort.Next(), publicHost: Host),
            "AppHost:Tls:Internal=true", $"AppHost:HttpsPort={HttpsPort}", $"AppHost:RtmpsPort={RtmpsPort}",
        ], timeout.Token);
        App = await builder.BuildAsync(timeout.Token);
        await App.StartAsync(timeout.Token);
        foreach (var resource in new[] { "redis", "messaging", "api", "nginx-rtmp", "vod-worker", "https-front" })
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }
    }

    /// <summary>A client of <see cref="BaseAddress"/> that trusts Caddy's root and nothing else, and checks the host name.</summary>
    public HttpClient CreateHttpsClient()
    {
        var root = X509Certificate2.CreateFromPem(File.ReadAllText(RootCertificateFile));
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, HttpsPort, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                {
                    if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                    {
                        return false; // no certificate, or one for another name
                    }

                    using var custom = new X509Chain();
                    custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    custom.ChainPolicy.CustomTrustStore.Add(root);
                    custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    custom.ChainPolicy.ExtraStore.AddRange(chain!.ChainElements.Select(element => element.Certificate).ToArray());
                    return custom.Build(new X509Certificate2(certificate));
                },
            },
        };
        return new HttpClient(handler) { BaseAddress = BaseAddress };
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        _data.Dispose();
    }
}
