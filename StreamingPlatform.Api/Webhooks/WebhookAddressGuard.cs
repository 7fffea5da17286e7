using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using StreamingPlatform.Api.Options;

namespace StreamingPlatform.Api.Webhooks;

/// <summary>
/// Keeps webhooks off the platform's own services (a webhook URL is an address the Api is told to call): only http and
/// https; no loopback, link-local, unspecified, multicast or broadcast address, none of this machine's own addresses, and
/// none of the platform's own hosts (its Aspire resources, the services and connection strings it was given, its public
/// address), unless <see cref="WebhookOptions.AllowedHosts"/> names the host. Checked when a webhook is registered and
/// again at every connection (<see cref="ConnectAsync"/>): a name may resolve elsewhere by then. Private LAN addresses
/// are allowed: a receiver on the operator's network is what a self-hosted platform talks to.
/// </summary>
public sealed class WebhookAddressGuard
{
    // The AppHost's resource names (AppHost.cs): in containers they are host names on the platform's network.
    private static readonly string[] PlatformResources = ["redis", "messaging", "nginx-rtmp", "janus", "api", "vod-worker", "https-front"];

    // The addresses the platform's own host names resolve to, looked up again after this long: in containers (or in
    // Azure, where other names lead to the same apps) a webhook must not reach them by any name.
    private static readonly TimeSpan PlatformAddressesLifetime = TimeSpan.FromMinutes(1);

    // AWS's instance metadata over IPv6 (its IPv4 one, 169.254.169.254, is link-local).
    private static readonly IPAddress CloudMetadataV6 = IPAddress.Parse("fd00:ec2::254");

    private readonly HashSet<string> _allowed;
    private readonly HashSet<string> _platformHosts;
    private Resolved _platformAddresses = new(new Dictionary<IPAddress, string>(), DateTime.MinValue);

    public WebhookAddressGuard(IOptions<WebhookOptions> options, IOptions<StreamingOptions> streaming, IConfiguration configuration)
    {
        _allowed = new HashSet<string>(options.Value.AllowedHosts.Select(Normalise), StringComparer.OrdinalIgnoreCase);
        _platformHosts = new HashSet<string>(PlatformResources, StringComparer.OrdinalIgnoreCase) { "localhost", Dns.GetHostName() };
        foreach (var url in new[] { streaming.Value.HlsBaseUrl, streaming.Value.RtmpBaseUrl })
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                _platformHosts.Add(Normalise(uri.Host));
            }
        }

        // Aspire hands each service its references as ConnectionStrings:<name> and services:<name>:<endpoint>:<n>.
        foreach (var section in new[] { "ConnectionStrings", "services" })
        {
            foreach (var reference in configuration.GetSection(section).GetChildren())
            {
                _platformHosts.Add(reference.Key);
                foreach (var value in reference.AsEnumerable().Select(pair => pair.Value).OfType<string>())
                {
                    _platformHosts.UnionWith(HostsIn(value));
                }
            }
        }
    }

    /// <summary>Why the URL may not be a webhook's (null when it may): its form and host, then every address its host has now.</summary>
    public async Task<string?> RefusalAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "The URL is not an absolute URL.";
        }

        var refusal = RefusalOf(uri);
        if (refusal is not null || IsAllowed(uri.Host))
        {
            return refusal;
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(Normalise(uri.Host), out var literal)
                ? new[] { literal }
                : await Dns.GetHostAddressesAsync(uri.IdnHost, cancellationToken);
        }
        catch (SocketException exception)
        {
            return $"The host {uri.Host} could not be resolved ({exception.SocketErrorCode}).";
        }

        return addresses.Length == 0 ? $"The host {uri.Host} has no address." : await RefusalOfAsync(addresses, cancellationToken);
    }

    /// <summary>Why the URL itself is refused (scheme, credentials, the platform's own host names, an address literal), or null.</summary>
    public string? RefusalOf(Uri uri)
    {
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return "Only http and https URLs can be webhooks.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "A webhook URL may not carry a user name or password; put a token in the path or query instead.";
        }

        if (IsAllowed(uri.Host))
        {
            return null;
        }

        var host = Normalise(uri.Host);
        if (_platformHosts.Contains(host) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return $"{uri.Host} is one of the platform's own hosts; webhooks may not reach the platform's services.";
        }

        return IPAddress.TryParse(host, out var literal) ? RefusalOf(literal) : null;
    }

    /// <summary>Why a webhook may not connect to the address by its kind (null when it may).</summary>
    public static string? RefusalOf(IPAddress address)
    {
        var ip = Unmapped(address);
        var text = ip.ToString();
        if (IPAddress.IsLoopback(ip))
        {
            return $"{text} is a loopback address.";
        }

        if (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any) || ip.Equals(IPAddress.Broadcast)
            || (ip.AddressFamily == AddressFamily.InterNetwork && ip.GetAddressBytes()[0] == 0))
        {
            return $"{text} is not a host's address (unspecified or broadcast).";
        }

        if (ip.IsIPv6LinkLocal || (ip.AddressFamily == AddressFamily.InterNetwork && ip.GetAddressBytes() is [169, 254, ..]))
        {
            return $"{text} is a link-local address.";
        }

        if (ip.IsIPv6Multicast || (ip.AddressFamily == AddressFamily.InterNetwork && ip.GetAddressBytes()[0] is >= 224 and <= 239))
        {
            return $"{text} is a multicast address.";
        }

        if (ip.Equals(CloudMetadataV6))
        {
            return $"{text} is a cloud metadata service.";
        }

        if (OwnAddresses().Any(own => own.Equals(ip)))
        {
            return $"{text} is an address of this machine.";
        }

        return null;
    }

    /// <summary>Why a webhook may not connect to one of the addresses (<see cref="RefusalOf(IPAddress)"/>, or a platform host's address), or null.</summary>
    private async Task<string?> RefusalOfAsync(IReadOnlyList<IPAddress> addresses, CancellationToken cancellationToken)
    {
        if (addresses.Select(RefusalOf).FirstOrDefault(r => r is not null) is { } refusal)
        {
            return refusal;
        }

        var platform = await PlatformAddressesAsync(cancellationToken);
        return addresses.Select(a => platform.TryGetValue(Unmapped(a), out var host) ? $"{a} is the address of {host}, one of the platform's own hosts." : null)
            .FirstOrDefault(r => r is not null);
    }

    private async Task<IReadOnlyDictionary<IPAddress, string>> PlatformAddressesAsync(CancellationToken cancellationToken)
    {
        var (known, at) = _platformAddresses;
        if (DateTime.UtcNow - at < PlatformAddressesLifetime)
        {
            return known;
        }

        var addresses = new Dictionary<IPAddress, string>();
        foreach (var host in _platformHosts)
        {
            try
            {
                foreach (var address in IPAddress.TryParse(host, out var literal) ? new[] { literal } : await Dns.GetHostAddressesAsync(host, cancellationToken))
                {
                    addresses.TryAdd(Unmapped(address), host);
                }
            }
            catch (SocketException)
            {
                // Not a name here (a container's name outside its network): nothing of it to refuse.
            }
        }

        _platformAddresses = new Resolved(addresses, DateTime.UtcNow);
        return addresses;
    }

    private sealed record Resolved(IReadOnlyDictionary<IPAddress, string> Addresses, DateTime At);

    private static IPAddress Unmapped(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    public bool IsAllowed(string host) => _allowed.Contains(Normalise(host));

    /// <summary>
    /// The webhooks' HTTP connections: resolves the host and connects only to an address <see cref="RefusalOf(IPAddress)"/>
    /// lets through (or to any, for an allowed host), so a name that now resolves to the platform itself is not reached.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(Normalise(host), out var literal) ? new[] { literal } : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var usable = new List<IPAddress>();
        string? refusal = null;
        foreach (var address in addresses)
        {
            var why = IsAllowed(host) ? null : await RefusalOfAsync([address], cancellationToken);
            refusal ??= why;
            if (why is null)
            {
                usable.Add(address);
            }
        }

        if (usable.Count == 0)
        {
            throw new WebhookAddressRefusedException(refusal ?? $"{host} has no address.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(usable.ToArray(), context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static IEnumerable<IPAddress> OwnAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(a => a.Address);

    /// <summary>Host names in a connection string or URL: <c>host:port</c> lists, <c>scheme://host:port/</c>, <c>Endpoint=host</c>.</summary>
    private static IEnumerable<string> HostsIn(string value)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Host.Length > 0)
        {
            yield return Normalise(uri.Host);
            yield break;
        }

        foreach (var part in value.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var hostPart = part.Contains('=') ? part[(part.IndexOf('=') + 1)..] : part;
            if (part.Contains('=') && !part.StartsWith("Endpoint", StringComparison.OrdinalIgnoreCase) && !part.StartsWith("Host", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var colon = hostPart.LastIndexOf(':');
            var host = colon > 0 && !hostPart.EndsWith(']') && hostPart.Count(c => c == ':') == 1 ? hostPart[..colon] : hostPart;
            if (host.Length > 0)
            {
                yield return Normalise(host);
            }
        }
    }

    private static string Normalise(string host) => host.Trim().TrimStart('[').TrimEnd(']').TrimEnd('.').ToLowerInvariant();
}

/// <summary>A webhook's connection was refused by <see cref="WebhookAddressGuard"/>; the message says why.</summary>
public sealed class WebhookAddressRefusedException(string reason) : Exception(reason);
