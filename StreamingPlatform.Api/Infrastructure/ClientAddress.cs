using System.Net;
using System.Net.Sockets;

namespace StreamingPlatform.Api.Infrastructure;

/// <summary>
/// The address a client's caps and limits count against (viewer ids, failed admin keys): an IPv4 address as it is,
/// an IPv6 address by its /64 (one household or device gets a whole /64, so its single addresses would give a
/// flooder millions of fresh caps).
/// </summary>
public static class ClientAddress
{
    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}
