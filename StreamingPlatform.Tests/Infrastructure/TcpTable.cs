using System.Globalization;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>A process's established IPv4 TCP connections, from its descriptors against <c>/proc/net/tcp</c>.</summary>
internal static class TcpTable
{
    /// <summary>The local ports of <paramref name="pid"/>'s established connections, those with the given local or remote port only.</summary>
    public static List<int> Established(int pid, int? localPort = null, int? remotePort = null)
    {
        var inodes = Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd")
            .Select(fd => new FileInfo(fd).LinkTarget)
            .Where(target => target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            .Select(target => target!["socket:[".Length..^1])
            .ToHashSet();
        return File.ReadLines("/proc/net/tcp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields[3] == "01" && inodes.Contains(fields[9]))
            .Select(fields => (Local: Port(fields[1]), Remote: Port(fields[2])))
            .Where(c => (localPort is null || c.Local == localPort) && (remotePort is null || c.Remote == remotePort))
            .Select(c => c.Local)
            .ToList();
    }

    private static int Port(string address) => int.Parse(address[(address.IndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
