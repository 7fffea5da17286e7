using System.Diagnostics;
using System.Text;

namespace StreamingPlatform.VodWorker.Ladder;

/// <summary>
/// A long-running FFmpeg or ffprobe: its standard output handed over line by line as it comes (FFmpeg's -progress), the
/// tail of its standard error kept for the log. Cancelling kills it.
/// </summary>
public static class LadderProcess
{
    private const int ErrorTailLength = 1000;

    public static async Task<(int ExitCode, string Error)> RunAsync(string fileName, IReadOnlyList<string> arguments,
        Action<string> onOutputLine, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = PumpAsync(process.StandardOutput, onOutputLine);
        var error = new StringBuilder();
        var errors = PumpAsync(process.StandardError, line =>
        {
            error.AppendLine(line);
            if (error.Length > ErrorTailLength * 2)
            {
                error.Remove(0, error.Length - ErrorTailLength);
            }
        });
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }

        await Task.WhenAll(output, errors);
        return (process.ExitCode, error.ToString().Trim());
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            onLine(line);
        }
    }
}
