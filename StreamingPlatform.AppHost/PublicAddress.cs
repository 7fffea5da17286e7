using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using StreamingPlatform.BroadcastState.Media;

namespace Aspire.Hosting;

/// <summary>
/// Where other devices of the network reach this machine: the host every address the Api hands out names (HLS, RTMP,
/// the QR code, /api/config), nginx's front port for the web app, the API and HLS, and the RTMP port. The one owner of
/// these settings in run mode; in Azure each app has its own ingress.
/// </summary>
internal sealed partial record PublicAddress(string Host, int HttpPort, int RtmpPort, string? Notice = null)
{
    public const string HostSetting = "AppHost:PublicHost";
    public const string HttpPortSetting = "AppHost:HttpPort";
    public const string RtmpPortSetting = "AppHost:RtmpPort";

    private const int DefaultHttpPort = 5080;
    private const int DefaultRtmpPort = 1935;
    private const string RouteTablePath = "/proc/net/route";

    /// <summary>The host as it goes into a URL: an IPv6 literal in brackets.</summary>
    public string UrlHost => Host.Contains(':') ? $"[{Host}]" : Host;

    public string WebUrl => $"http://{UrlHost}:{HttpPort}/";

    public string HlsBaseUrl => $"http://{UrlHost}:{HttpPort}{HlsLayout.HttpPath}";

    public string RtmpBaseUrl => $"rtmp://{UrlHost}:{RtmpPort}/live";

    /// <summary>What the AppHost's console says about it: where the network finds the platform, or why it cannot.</summary>
    public string Summary => Notice ?? $"On your network: {WebUrl} (web app, API, HLS) and {RtmpBaseUrl} (RTMP).";

    /// <summary>
    /// <c>AppHost:PublicHost</c> when set (a host name or an IP literal), otherwise this machine's address on the
    /// network of its default route, otherwise localhost with a <see cref="Notice"/> saying that other devices
    /// cannot reach the addresses shown. False with a <paramref name="problem"/> naming the setting that is wrong.
    /// </summary>
    public static bool TryResolve(IConfiguration configuration, out PublicAddress address, out string problem)
    {
        address = new PublicAddress("localhost", DefaultHttpPort, DefaultRtmpPort);
        string? notice = null;
        problem = "";
        if (!TryReadPort(configuration, HttpPortSetting, DefaultHttpPort, out var httpPort, ref problem)
            | !TryReadPort(configuration, RtmpPortSetting, DefaultRtmpPort, out var rtmpPort, ref problem))
        {
            return false;
        }

        string host;
        if (configuration[HostSetting]?.Trim() is { Length: > 0 } configured)
        {
            if (Normalize(configured) is not { } valid)
            {
                problem = $"{HostSetting} is '{configured}': use a host name (media.example.com) or an IP address (192.168.1.20), without scheme or port.";
                return false;
            }

            host = valid;
        }
        else if (DefaultRouteAddress(ReadRouteTable(), InterfaceAddresses()) is { } detected)
        {
            host = detected.ToString();
        }
        else
        {
            host = "localhost";
            notice = $"No default route: the addresses shown to phones and viewers name localhost, which other devices cannot reach. " +
                $"Set {HostSetting} to this machine's name or address on your network.";
        }

        address = new PublicAddress(host, httpPort, rtmpPort, notice);
        return true;
    }

    /// <summary>
    /// The IPv4 address of the interface the default route leaves by (the lowest metric wins), from the text of
    /// /proc/net/route and each interface's addresses; null when there is no such route or the interface has no IPv4
    /// address.
    /// </summary>
    public static IPAddress? DefaultRouteAddress(string routeTable, IReadOnlyDictionary<string, IReadOnlyList<IPAddress>> interfaceAddresses)
    {
        var defaultRoutes =
            from line in routeTable.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1)
            let fields = line.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)
            where fields.Length >= 8
                && fields[1] == "00000000"
                && fields[7] == "00000000"
                && int.TryParse(fields[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var flags)
                && (flags & RouteUp) != 0
                && int.TryParse(fields[6], NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            orderby int.Parse(fields[6], CultureInfo.InvariantCulture)
            select fields[0];

        foreach (var name in defaultRoutes)
        {
            if (interfaceAddresses.TryGetValue(name, out var addresses)
                && addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a)) is { } address)
            {
                return address;
            }
        }

        return null;
    }

    /// <summary>The host as it will be used (an IP literal in its canonical form, a host name lower-cased), or null when it is neither.</summary>
    public static string? Normalize(string value)
    {
        var bare = value.StartsWith('[') && value.EndsWith(']') ? value[1..^1] : value;
        if (bare.Contains(':'))
        {
            return IPAddress.TryParse(bare, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6 ? v6.ToString() : null;
        }

        if (Ipv4Pattern().IsMatch(bare))
        {
            return IPAddress.TryParse(bare, out var v4) ? v4.ToString() : null;
        }

        return HostNamePattern().IsMatch(bare) ? bare.ToLowerInvariant() : null;
    }

    // RTF_UP in the route's flags.
    private const int RouteUp = 0x1;

    [GeneratedRegex(@"^\d{1,3}(\.\d{1,3}){3}\z")]
    private static partial Regex Ipv4Pattern();

    // RFC 1123 labels of letters, digits and inner hyphens; at most 253 characters; not all digits and dots (that is an address).
    [GeneratedRegex(@"^(?=.{1,253}\z)(?![\d.]+\z)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\z")]
    private static partial Regex HostNamePattern();

    private static bool TryReadPort(IConfiguration configuration, string setting, int defaultPort, out int port, ref string problem)
    {
        port = defaultPort;
        if (configuration[setting]?.Trim() is not { Length: > 0 } text)
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535)
        {
            return true;
        }

        problem += (problem.Length > 0 ? Environment.NewLine : "") + $"{setting} is '{text}': use a TCP port number from 1 to 65535.";
        return false;
    }

    private static string ReadRouteTable() => File.Exists(RouteTablePath) ? File.ReadAllText(RouteTablePath) : "";

    private static Dictionary<string, IReadOnlyList<IPAddress>> InterfaceAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown)
            .ToDictionary(nic => nic.Name, nic => (IReadOnlyList<IPAddress>)nic.GetIPProperties().UnicastAddresses.Select(a => a.Address).ToList());
}
