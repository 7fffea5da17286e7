using System.Runtime.InteropServices;

namespace StreamingPlatform.Tests.Infrastructure;

internal static class Posix
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public static void Signal(int pid, int signal) => _ = Kill(pid, signal);

    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");

    /// <summary>The pids of a process's direct children, read from /proc.</summary>
    public static IReadOnlyList<int> Children(int pid)
    {
        var path = $"/proc/{pid}/task/{pid}/children";
        return File.Exists(path)
            ? File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList()
            : [];
    }
}
