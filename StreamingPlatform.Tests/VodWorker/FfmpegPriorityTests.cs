extern alias VodWorkerAssembly;

using System.Globalization;
using StreamingPlatform.Tests.Infrastructure;
using VodWorkerAssembly::StreamingPlatform.VodWorker.Media;
using VodWorkerAssembly::StreamingPlatform.VodWorker.Options;

namespace StreamingPlatform.Tests.VodWorker;

/// <summary>
/// On a node busy with live streams, the worker's work on files (VOD builds, thumbnails) yields the cores to live media:
/// its FFmpeg runs below normal priority (a positive nice), the live jobs' FFmpeg at normal. Read from the real
/// processes' <c>/proc</c> entries while they run.
/// </summary>
public sealed class FfmpegPriorityTests
{
    private readonly Ffmpeg _ffmpeg = new(Microsoft.Extensions.Options.Options.Create(new VodOptions()));

    [Fact]
    public async Task FileWorkRunsBelowLiveWork()
    {
        Assert.True(await NiceWhileRunningAsync((arguments, token) => _ffmpeg.RunFfmpegAsync(arguments, token)) > 0,
            "a VOD build's FFmpeg runs at normal priority, beside the live media");
        Assert.Equal(0, await NiceWhileRunningAsync((arguments, token) => _ffmpeg.RunLiveAsync(arguments, _ => { }, token)));
    }

    /// <summary>Starts a ten-second FFmpeg through <paramref name="run"/>, reads its nice value, then cancels it.</summary>
    private static async Task<int> NiceWhileRunningAsync(Func<string[], CancellationToken, Task<ToolResult>> run)
    {
        var marker = $"priority-{Guid.NewGuid():N}";
        using var cancel = new CancellationTokenSource();
        var running = run(["-re", "-f", "lavfi", "-i", "testsrc=size=64x64:rate=5:duration=10", "-metadata", $"title={marker}", "-f", "null", "-"],
            cancel.Token);
        try
        {
            var pid = await Eventually.GetAsync<int?>(
                () => Task.FromResult(ProcessTable.Ffmpeg(arguments => arguments.Contains($"title={marker}")) is [var found] ? found : (int?)null),
                TimeSpan.FromSeconds(10), "the FFmpeg to start");
            await Task.Delay(TimeSpan.FromMilliseconds(300)); // the worker sets the priority just after the start
            return Nice(pid!.Value);
        }
        finally
        {
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        }
    }

    /// <summary>The nice value of a process's main thread: the 19th field of <c>/proc/pid/stat</c>.</summary>
    private static int Nice(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], CultureInfo.InvariantCulture);
    }
}
