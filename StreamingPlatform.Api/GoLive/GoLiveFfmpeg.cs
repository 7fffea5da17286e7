using System.Diagnostics;

namespace StreamingPlatform.Api.GoLive;

/// <summary>
/// One browser broadcast's FFmpeg: the page's media goes to its stdin, its RTMP publish to nginx. Closing stdin ends it
/// cleanly (FFmpeg flushes and nginx sees an ordinary disconnect); if the Api dies, stdin closes with it and so does FFmpeg.
/// </summary>
internal sealed class GoLiveFfmpeg : IAsyncDisposable
{
    private const int KeptLines = 20;
    private static readonly TimeSpan FinishWait = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly Queue<string> _lines = new();
    private readonly Task _stderr;

    private GoLiveFfmpeg(Process process)
    {
        _process = process;
        _stderr = Task.Run(ReadErrorsAsync);
        Exited = WaitForExitAsync();
    }

    /// <summary>FFmpeg's exit code, once it has exited.</summary>
    public Task<int> Exited { get; }

    public Stream Input => _process.StandardInput.BaseStream;

    public static GoLiveFfmpeg Start(IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = false,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new GoLiveFfmpeg(Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start."));
    }

    /// <summary>The last lines FFmpeg wrote, its grant cut out.</summary>
    public string Output()
    {
        lock (_lines)
        {
            return string.Join(" | ", _lines);
        }
    }

    /// <summary>Ends the input and waits for FFmpeg to send what it holds; kills it if it does not end in time.</summary>
    public async Task FinishAsync()
    {
        try
        {
            await Input.DisposeAsync();
        }
        catch (IOException)
        {
            // FFmpeg had already gone.
        }

        if (await Task.WhenAny(Exited, Task.Delay(FinishWait)) != Exited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await Exited;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await Exited;
        await _stderr;
        _process.Dispose();
    }

    private async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    private async Task ReadErrorsAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            lock (_lines)
            {
                _lines.Enqueue(GoLivePlan.Redact(line));
                if (_lines.Count > KeptLines)
                {
                    _lines.Dequeue();
                }
            }
        }
    }
}
