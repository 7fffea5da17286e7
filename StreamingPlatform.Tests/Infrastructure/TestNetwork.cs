using System.Security.Cryptography;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>
/// A network of the test's own: a bridge on this machine with a /24 picked at random from 10.200.0.0/14 (one that no
/// interface or route uses now: other runs make their own), and a network namespace per machine on it (a phone, a
/// viewer) over veth pairs. Traffic between them is real IP traffic that never touches loopback or this
/// machine's own address. Names carry a random suffix; disposing removes everything, also when the test failed. Needs
/// root (ip netns).
/// </summary>
internal sealed class TestNetwork : IAsyncDisposable
{
    public const string Phone = "phone";
    public const string Viewer = "viewer";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);
    private readonly string _suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
    private readonly TempFolder _folder = new("netns");
    private readonly List<string> _machines = [];
    private readonly List<string> _namespaces = [];
    private string _prefix = "";

    /// <summary>This machine's interface on the network (Janus's ICE interface).</summary>
    public string Bridge => $"spbr{_suffix}";

    /// <summary>This machine's address on the network (the bridge's).</summary>
    public string HostAddress => $"{_prefix}.1";

    public static async Task<TestNetwork> CreateAsync(params string[] machines)
    {
        var network = new TestNetwork();
        try
        {
            network._prefix = await FreeSubnetAsync();
            await IpAsync("link", "add", network.Bridge, "type", "bridge");
            await IpAsync("addr", "add", $"{network.HostAddress}/24", "dev", network.Bridge);
            await IpAsync("link", "set", network.Bridge, "up");
            foreach (var machine in machines)
            {
                await network.AddMachineAsync(machine);
            }

            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>The network namespace of a machine.</summary>
    public string Namespace(string machine) => $"sp-{machine}-{_suffix}";

    /// <summary>A machine's address, as servers on this machine see its connections.</summary>
    public string AddressOf(string machine) => $"{_prefix}.{_machines.IndexOf(machine) + 2}";

    /// <summary>ip's arguments that run a program on a machine: <c>ChildProcess.RunAsync("ip", network.Exec(...))</c>.</summary>
    public string[] Exec(string machine, string program, params string[] arguments) =>
        ["netns", "exec", Namespace(machine), program, .. arguments];

    /// <summary>The whole command line that runs a program on a machine (a launcher for <see cref="FfmpegPublisher"/>).</summary>
    public string[] Launcher(string machine, string program) => ["ip", .. Exec(machine, program)];

    /// <summary>A script that runs Chromium on a machine, for Playwright's ExecutablePath.</summary>
    public async Task<string> ChromiumLauncherAsync(string machine)
    {
        var script = _folder.Combine($"chromium-{machine}");
        await File.WriteAllTextAsync(script, $"#!/bin/sh\nexec ip netns exec {Namespace(machine)} {Browser.Chromium} \"$@\"\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }

    public async ValueTask DisposeAsync()
    {
        // Deleting a namespace deletes its end of the veth pair, and with it the pair.
        foreach (var name in _namespaces)
        {
            await ChildProcess.RunAsync("ip", ["netns", "del", name], CommandTimeout);
        }

        await ChildProcess.RunAsync("ip", ["link", "del", Bridge], CommandTimeout);
        _folder.Dispose();
    }

    private async Task AddMachineAsync(string machine)
    {
        _machines.Add(machine);
        var (name, index) = (Namespace(machine), _machines.Count);
        var (outside, inside) = ($"sp{index}{_suffix}h", $"sp{index}{_suffix}n");
        await IpAsync("netns", "add", name);
        _namespaces.Add(name);
        await IpAsync("link", "add", outside, "type", "veth", "peer", "name", inside);
        await IpAsync("link", "set", outside, "master", Bridge);
        await IpAsync("link", "set", outside, "up");
        await IpAsync("link", "set", inside, "netns", name);
        await IpAsync("-n", name, "addr", "add", $"{AddressOf(machine)}/24", "dev", inside);
        await IpAsync("-n", name, "link", "set", inside, "up");
        await IpAsync("-n", name, "link", "set", "lo", "up");
    }

    /// <summary>A /24 of 10.200.0.0/14 that no interface or route of this machine uses now.</summary>
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
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed ({exitCode}): {output}. Network namespaces need root.");
        }
    }
}
