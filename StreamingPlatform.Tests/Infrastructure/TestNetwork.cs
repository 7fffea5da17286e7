using System.Security.Cryptography;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>
/// A network namespace of the test's own, joined to this machine by a veth pair with a /30 of 10.213.0.0/16: the
/// browser runs inside it, Janus gathers its ICE candidates on the host's end. WebRTC then flows between two addresses
/// the test made, never to this machine's own address or anywhere else (Janus never gathers loopback, and Chromium's
/// candidates are every address it has). Needs root (ip netns).
/// </summary>
internal sealed class TestNetwork : IAsyncDisposable
{
    private readonly TempFolder _folder = new("netns");

    private TestNetwork(string name, int block)
    {
        Name = name;
        HostInterface = $"{name}h";
        HostAddress = $"10.213.{block / 64}.{block % 64 * 4 + 1}";
        GuestAddress = $"10.213.{block / 64}.{block % 64 * 4 + 2}";
    }

    public string Name { get; }

    /// <summary>The host's end of the veth pair (Janus's ICE interface).</summary>
    public string HostInterface { get; }

    public string HostAddress { get; }

    public string GuestAddress { get; }

    /// <summary>A script that runs Chromium inside the namespace, for Playwright's ExecutablePath.</summary>
    public string ChromiumLauncher => _folder.Combine("chromium");

    public static async Task<TestNetwork> CreateAsync()
    {
        var block = RandomNumberGenerator.GetInt32(256 * 64);
        var network = new TestNetwork($"sprt{block:x4}", block);
        var (name, host, guest) = (network.Name, network.HostInterface, $"{network.Name}g");
        foreach (var command in (string[][])
        [
            ["netns", "add", name],
            ["link", "add", host, "type", "veth", "peer", "name", guest],
            ["link", "set", guest, "netns", name],
            ["addr", "add", $"{network.HostAddress}/30", "dev", host],
            ["link", "set", host, "up"],
            ["-n", name, "addr", "add", $"{network.GuestAddress}/30", "dev", guest],
            ["-n", name, "link", "set", guest, "up"],
            ["-n", name, "link", "set", "lo", "up"],
        ])
        {
            var (exitCode, output) = await ChildProcess.RunAsync("ip", command, TimeSpan.FromSeconds(10));
            if (exitCode != 0)
            {
                await network.DisposeAsync();
                throw new InvalidOperationException($"ip {string.Join(' ', command)} failed ({exitCode}): {output}. The real-time tests need root for a network namespace.");
            }
        }

        await File.WriteAllTextAsync(network.ChromiumLauncher, $"#!/bin/sh\nexec ip netns exec {name} /usr/bin/chromium \"$@\"\n");
        File.SetUnixFileMode(network.ChromiumLauncher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return network;
    }

    public async ValueTask DisposeAsync()
    {
        // Deleting the namespace deletes its end of the pair, and with it the host's end.
        await ChildProcess.RunAsync("ip", ["netns", "del", Name], TimeSpan.FromSeconds(10));
        await ChildProcess.RunAsync("ip", ["link", "del", HostInterface], TimeSpan.FromSeconds(10));
        _folder.Dispose();
    }
}
