using System.Net;

namespace StreamingPlatform.Api.Options;

/// <summary>
/// Which clients may tell the Api who the viewer is (X-Forwarded-For, X-Forwarded-Proto): nginx's front on this
/// machine, and in Azure Container Apps' ingress. Anyone else's forwarded headers are ignored, so a client cannot pick
/// the address the viewer caps count against.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxies";

    public const string Rule = "Proxies:TrustedNetworks must be networks in CIDR notation separated by commas, for example 127.0.0.0/8, ::1/128, 10.40.0.0/23.";

    /// <summary>Networks of trusted proxies in CIDR notation, comma-separated. Loopback by default.</summary>
    public string TrustedNetworks { get; set; } = "127.0.0.0/8, ::1/128";

    /// <summary>The networks, or null when one of them is not a network.</summary>
    public IReadOnlyList<IPNetwork>? Networks()
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in TrustedNetworks.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!IPNetwork.TryParse(entry, out var network))
            {
                return null;
            }

            networks.Add(network);
        }

        return networks;
    }
}
