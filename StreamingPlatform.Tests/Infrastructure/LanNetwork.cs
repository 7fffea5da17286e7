using System.Security.Cryptography;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>
/// A small network of the test's own: a bridge on this machine with a /24 picked at random from 10.200.0.0/14, and a
/// "phone" and a "viewer" network namespace on it over veth pairs. Traffic between them is real IP traffic that never
/// touches loopback or this machine's own address. Names carry a random suffix; disposing removes everything.
/// </summary>
internal sealed class LanNetwork : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);
    private readonly string _suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
    private readonly List<string> _namespaces = [];
    private string _prefix = "";

    private string Bridge => $"spbr{_suffix}";

    /// <summary>This machine's address on the network (the bridge's).</summary>
    public string HostAddress => $"{_prefix}.1";

    public string Phone => $"sp-phone-{_suffix}";

    public string Viewer => $"sp-viewer-{_suffix}";

    public static async Task<LanNetwork> CreateAsync()
    {
        var network = new LanNetwork();
        try
        {
            network._prefix = await FreeSubnetAsync();
            await IpAsync("link", "add", network.Bridge, "type", "bridge");
            await IpAsync("addr", "add", $"{network.HostAddress}/24", "dev", network.Bridge);
            await IpAsync("link", "set", network.Bridge, "up");
            await network.AddNamespaceAsync(network.Phone, "p", 2);
            await network.AddNamespaceAsync(network.Viewer, "v", 3);
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>The command line that runs a program inside a namespace of this network.</summary>
    public static string[] Exec(string networkNamespace, string program, params string[] arguments) =>
        ["netns", "exec", networkNamespace, program, .. arguments];

    public async ValueTask DisposeAsync()
    {
        // Deleting a namespace deletes its end of the veth pair, and with it the pair.
        foreach (var name in _namespaces)
        {
            await ChildProcess.RunAsync("ip", ["netns", "del", name], CommandTimeout);
        }

        await ChildProcess.RunAsync("ip", ["link", "del", Bridge], CommandTimeout);
    }

    private async Task AddNamespaceAsync(string name, string tag, int host)
    {
        var (outside, inside) = ($"sp{tag}{_suffix}h", $"sp{tag}{_suffix}n");
        await IpAsync("netns", "add", name);
        _namespaces.Add(name);
        await IpAsync("link", "add", outside, "type", "veth", "peer", "name", inside);
        await IpAsync("link", "set", outside, "master", Bridge);
        await IpAsync("link", "set", outside, "up");
        await IpAsync("link", "set", inside, "netns", name);
        await IpAsync("-n", name, "addr", "add", $"{_prefix}.{host}/24", "dev", inside);
        await IpAsync("-n", name, "link", "set", inside, "up");
        await IpAsync("-n", name, "link", "set", "lo", "up");
    }

    /// <summary>A /24 of 10.200.0.0/14 that no interface or route of this machine uses now (other test runs make their own).</summary>
    private static async Task<string> FreeSubnetAsync()
    {
        var (_, addresses) = await ChildProcess.RunAsync("ip", ["-4", "addr"], CommandTimeout);
        var (_, routes) = await ChildProcess.RunAsync("ip", ["-4", "route"], CommandTimeout);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var prefix = $"10.{200 + RandomNumberGenerator.GetInt32(4)}.{RandomNumberGenerator.GetInt32(256)}";
            if (!addresses.Contains($" {prefix}.", StringComparison.Ordinal) && !routes.Contains($"{prefix}.", StringComparison.Ordinal))
            {
                return prefix;
            }
        }

        throw new InvalidOperationException("no free /24 in 10.200.0.0/14");
    }

    private static async Task IpAsync(params string[] arguments)
    {
        var (exitCode, output) = await ChildProcess.RunAsync("ip", arguments, CommandTimeout);
        Assert.True(exitCode == 0, $"ip {string.Join(' ', arguments)}: {output}");
    }
}
