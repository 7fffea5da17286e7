namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>
/// A machine on a network of the test's own: a network namespace joined to this one by a veth pair, on a /30 picked at
/// random from 10.200.0.0/14, with a name unique to the run. Whatever runs in it (a phone) reaches the servers from an
/// address that is not loopback. Removed on dispose, also when the test failed.
/// </summary>
internal sealed class NetworkNamespace : IDisposable
{
    private readonly string _hostLink;

    private NetworkNamespace(string name, string hostLink, string hostAddress, string guestAddress)
    {
        Name = name;
        _hostLink = hostLink;
        HostAddress = hostAddress;
        GuestAddress = guestAddress;
    }

    public string Name { get; }

    /// <summary>This machine's address as the namespace sees it.</summary>
    public string HostAddress { get; }

    /// <summary>The namespace's own address, as servers on this machine see its connections.</summary>
    public string GuestAddress { get; }

    public static NetworkNamespace Create()
    {
        var suffix = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..8];
        var subnet = Random.Shared.Next(0, 1 << 16) << 2; // a /30 inside 10.200.0.0/14
        var prefix = $"10.{200 + (subnet >> 16)}.{(subnet >> 8) & 0xFF}";
        var (host, guest) = ($"{prefix}.{(subnet & 0xFF) + 1}", $"{prefix}.{(subnet & 0xFF) + 2}");
        var network = new NetworkNamespace($"sp-{suffix}", $"sph{suffix}", host, guest);
        try
        {
            Run("ip", "netns", "add", network.Name);
            Run("ip", "link", "add", network._hostLink, "type", "veth", "peer", "name", $"spg{suffix}");
            Run("ip", "link", "set", $"spg{suffix}", "netns", network.Name);
            Run("ip", "addr", "add", $"{host}/30", "dev", network._hostLink);
            Run("ip", "link", "set", network._hostLink, "up");
            Run("ip", "netns", "exec", network.Name, "ip", "addr", "add", $"{guest}/30", "dev", $"spg{suffix}");
            Run("ip", "netns", "exec", network.Name, "ip", "link", "set", $"spg{suffix}", "up");
            Run("ip", "netns", "exec", network.Name, "ip", "link", "set", "lo", "up");
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>The command line that runs <paramref name="program"/> inside the namespace.</summary>
    public string[] Wrap(string program) => ["ip", "netns", "exec", Name, program];

    public void Dispose()
    {
        // Deleting the namespace deletes its end of the pair, and with it ours.
        TryRun("ip", "netns", "delete", Name);
        TryRun("ip", "link", "delete", _hostLink);
    }

    private static void Run(params string[] command)
    {
        var (exitCode, output) = Execute(command);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"`{string.Join(' ', command)}` failed ({exitCode}): {output}");
        }
    }

    private static void TryRun(params string[] command) => Execute(command);

    private static (int ExitCode, string Output) Execute(string[] command)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(command[0], command[1..])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }
}
