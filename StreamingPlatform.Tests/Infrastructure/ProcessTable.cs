namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>This machine's processes as <c>/proc</c> shows them to every local user (what <c>ps</c> prints): pid and command line.</summary>
internal static class ProcessTable
{
    public static List<(int Pid, string[] Arguments)> Read() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, out _))
            .Select(int.Parse!)
            .Select(pid => (Pid: pid, Arguments: Arguments(pid)))
            .Where(p => p.Arguments.Length > 0)
            .ToList();

    /// <summary>Every command line, its arguments joined by spaces.</summary>
    public static List<string> CommandLines() => Read().Select(p => string.Join(' ', p.Arguments)).ToList();

    /// <summary>The FFmpeg processes whose arguments satisfy <paramref name="match"/>.</summary>
    public static List<int> Ffmpeg(Func<string[], bool> match) =>
        Read().Where(p => p.Arguments[0].EndsWith("ffmpeg", StringComparison.Ordinal) && match(p.Arguments)).Select(p => p.Pid).ToList();

    /// <summary>A process's arguments, none once it has ended.</summary>
    public static string[] Arguments(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return []; // gone meanwhile
        }
    }
}
