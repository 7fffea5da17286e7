using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using StreamingPlatform.VodWorker.Options;

namespace StreamingPlatform.VodWorker.Media;

/// <summary>
/// Runs ffmpeg and ffprobe as child processes for every job of the worker. Cancelling the token kills the child (and
/// waits for it), so a shutdown never leaves an FFmpeg writing behind the worker's back.
/// </summary>
/// <remarks>
/// Work on files (VOD builds, their probes, thumbnails) runs below normal priority, live work (the ladder, relays, their
/// source probes) at normal: on a busy node the files wait for the cores nginx, the hooks and the live jobs need
/// instead of taking them, and only finish later.
/// </remarks>
public sealed class Ffmpeg(IOptions<VodOptions> options)
{
    private const int ErrorTailLength = 2000;

    // The live jobs' FFmpeg runs for hours and logs its tail on every restart: a shorter one.
    private const int LiveErrorTailLength = 1000;

    private const ProcessPriorityClass FileWork = ProcessPriorityClass.BelowNormal;

    private const ProcessPriorityClass LiveWork = ProcessPriorityClass.Normal;

    private static readonly TimeSpan SourceProbeTimeout = TimeSpan.FromSeconds(15);

    /// <summary>An FFmpeg that works on files (a VOD, a thumbnail), its output returned whole.</summary>
    public Task<ToolResult> RunFfmpegAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(options.Value.FfmpegPath, ["-hide_banner", "-nostdin", "-y", "-v", "error", .. arguments], FileWork, cancellationToken);

    /// <summary>
    /// A long-running FFmpeg (the ladder's, the relay's): its standard output handed over line by line as it comes (its
    /// <c>-progress</c>, <see cref="FfmpegProgress"/>), the tail of its standard error kept for the log.
    /// </summary>
    public Task<ToolResult> RunLiveAsync(IReadOnlyList<string> arguments, Action<string> onOutputLine, CancellationToken cancellationToken) =>
        RunAsync(options.Value.FfmpegPath, arguments, LiveWork, cancellationToken, onOutputLine, LiveErrorTailLength);

    /// <summary>
    /// What ffprobe reads of a live source (an RTMP address) within 15 s: its streams' types, codecs, sizes, bitrates and
    /// B-frames. Null when it cannot be read yet.
    /// </summary>
    public async Task<MediaProbe?> ProbeSourceAsync(string url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SourceProbeTimeout);
        try
        {
            var result = await RunAsync(options.Value.FfprobePath,
                ["-v", "error", "-rw_timeout", "10000000", "-show_entries", "stream=codec_type,codec_name,width,height,bit_rate,has_b_frames",
                 "-of", "json", url],
                LiveWork, timeout.Token, errorTailLength: LiveErrorTailLength);
            return result.ExitCode == 0 ? MediaProbe.Parse(result.Output) : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <param name="decodeIntervals">
    /// Also decode the keyframes of these ffprobe <c>-read_intervals</c> (<c>VodPlan.DecodeIntervals</c>): what
    /// the decoders report lands in <see cref="MediaProbe.Error"/>.
    /// </param>
    public async Task<MediaProbe> ProbeAsync(string path, CancellationToken cancellationToken, string? decodeIntervals = null)
    {
        string[] decode = decodeIntervals is null ? [] : ["-skip_frame", "nokey", "-read_intervals", decodeIntervals];
        var entries = "format=duration:stream=codec_type,codec_name" + (decodeIntervals is null ? "" : ":frame=media_type");
        var result = await RunAsync(options.Value.FfprobePath, ["-v", "error", .. decode, "-show_entries", entries, "-of", "json", path], FileWork, cancellationToken);
        if (result.ExitCode != 0)
        {
            return new MediaProbe(false, false, false, null, result.Error);
        }

        return MediaProbe.Parse(result.Output, result.Error);
    }

    /// <summary>The picture sizes of the file's video keyframes (decoded), in order of their first appearance.</summary>
    public async Task<IReadOnlyList<(int Width, int Height)>> KeyframeSizesAsync(string path, CancellationToken cancellationToken)
    {
        var sizes = new List<(int, int)>();
        await RunAsync(options.Value.FfprobePath,
            ["-v", "error", "-select_streams", "v:0", "-skip_frame", "nokey", "-show_entries", "frame=width,height", "-of", "csv=p=0", path],
            FileWork, cancellationToken, line =>
            {
                var fields = line.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length >= 2 && int.TryParse(fields[0], CultureInfo.InvariantCulture, out var width)
                    && int.TryParse(fields[1], CultureInfo.InvariantCulture, out var height) && !sizes.Contains((width, height)))
                {
                    sizes.Add((width, height));
                }
            });
        return sizes;
    }

    /// <summary>Whether the file holds at least one audio or video packet; reads only up to the first.</summary>
    public async Task<bool> HasPacketsAsync(string path, CancellationToken cancellationToken)
    {
        var result = await RunAsync(options.Value.FfprobePath,
            ["-v", "error", "-read_intervals", "%+#1", "-show_entries", "packet=pts_time", "-of", "csv=p=0", path], FileWork, cancellationToken);
        return result.Output.Trim().Length > 0;
    }

    /// <summary>
    /// The time the file's packets really span, read packet by packet: never what a header claims (a cut-short FLV
    /// may carry its planned duration in onMetaData). No packets at all means nothing was recorded.
    /// </summary>
    public async Task<MediaExtent> MeasureAsync(string path, CancellationToken cancellationToken)
    {
        var packets = 0;
        var first = double.MaxValue;
        var end = double.MinValue;
        // One line per packet, read as it comes (hours of recording are millions of lines); a cut-short file ends with
        // an error for its last, partial packet, and the packets before it still count.
        await RunAsync(options.Value.FfprobePath,
            ["-v", "error", "-show_entries", "packet=pts_time,duration_time", "-of", "csv=p=0", path], FileWork, cancellationToken, line =>
            {
                var comma = line.IndexOf(',', StringComparison.Ordinal);
                if (comma < 0 || !double.TryParse(line.AsSpan(0, comma), NumberStyles.Float, CultureInfo.InvariantCulture, out var pts))
                {
                    return;
                }

                var duration = double.TryParse(line.AsSpan(comma + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 0;
                packets++;
                first = Math.Min(first, pts);
                end = Math.Max(end, pts + duration);
            });

        return packets == 0 ? MediaExtent.None : new MediaExtent(packets, end - first);
    }

    /// <summary>Runs the tool; its output is returned whole, or handed line by line to <paramref name="onOutputLine"/> and not kept.</summary>
    private static async Task<ToolResult> RunAsync(string fileName, IReadOnlyList<string> arguments, ProcessPriorityClass priority,
        CancellationToken cancellationToken, Action<string>? onOutputLine = null, int errorTailLength = ErrorTailLength)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        if (priority != ProcessPriorityClass.Normal)
        {
            // Set before the child has loaded its libraries, so the threads it starts later inherit it (nice is per thread).
            try
            {
                process.PriorityClass = priority;
            }
            catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // It has already ended: its exit status says how.
            }
        }

        var output = onOutputLine is null ? process.StandardOutput.ReadToEndAsync(CancellationToken.None) : PumpLinesAsync(process.StandardOutput, onOutputLine);
        var error = new StringBuilder();
        var errorPump = PumpTailAsync(process.StandardError, error, errorTailLength);
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

        await errorPump;
        return new ToolResult(process.ExitCode, await output, error.ToString().Trim());
    }

    private static async Task<string> PumpLinesAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            onLine(line);
        }

        return "";
    }

    private static async Task PumpTailAsync(StreamReader reader, StringBuilder tail, int length)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            tail.AppendLine(line);
            if (tail.Length > length * 2)
            {
                tail.Remove(0, tail.Length - length);
            }
        }
    }
}

public sealed record ToolResult(int ExitCode, string Output, string Error);
