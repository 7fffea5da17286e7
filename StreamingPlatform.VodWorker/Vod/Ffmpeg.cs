using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StreamingPlatform.VodWorker.Options;

namespace StreamingPlatform.VodWorker.Vod;

/// <summary>
/// Runs ffmpeg and ffprobe as child processes. Cancelling the token kills the child, so a shutdown never leaves an
/// FFmpeg writing behind the worker's back.
/// </summary>
public sealed class Ffmpeg(IOptions<VodOptions> options)
{
    private const int ErrorTailLength = 2000;

    public Task<ToolResult> RunFfmpegAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(options.Value.FfmpegPath, ["-hide_banner", "-nostdin", "-y", "-v", "error", .. arguments], cancellationToken);

    /// <param name="decodeIntervals">
    /// Also decode the keyframes of these ffprobe <c>-read_intervals</c> (<see cref="VodPlan.DecodeIntervals"/>): what
    /// the decoders report lands in <see cref="MediaProbe.Error"/>.
    /// </param>
    public async Task<MediaProbe> ProbeAsync(string path, CancellationToken cancellationToken, string? decodeIntervals = null)
    {
        string[] decode = decodeIntervals is null ? [] : ["-skip_frame", "nokey", "-read_intervals", decodeIntervals];
        var entries = "format=duration:stream=codec_type,codec_name" + (decodeIntervals is null ? "" : ":frame=media_type");
        var result = await RunAsync(options.Value.FfprobePath, ["-v", "error", .. decode, "-show_entries", entries, "-of", "json", path], cancellationToken);
        if (result.ExitCode != 0)
        {
            return new MediaProbe(false, false, false, null, result.Error);
        }

        using var json = JsonDocument.Parse(result.Output);
        var streams = json.RootElement.TryGetProperty("streams", out var list)
            ? list.EnumerateArray().Select(s => (Type: Text(s, "codec_type"), Codec: Text(s, "codec_name"))).ToList()
            : [];
        double? duration = json.RootElement.TryGetProperty("format", out var format)
            && format.TryGetProperty("duration", out var d)
            && double.TryParse(d.GetString(), CultureInfo.InvariantCulture, out var seconds)
                ? seconds
                : null;
        var video = streams.FirstOrDefault(s => s.Type == "video");
        var audio = streams.FirstOrDefault(s => s.Type == "audio");
        return new MediaProbe(true, video.Type is not null, audio.Type is not null, duration, result.Error, video.Codec, audio.Codec);
    }

    /// <summary>The picture sizes of the file's video keyframes (decoded), in order of their first appearance.</summary>
    public async Task<IReadOnlyList<(int Width, int Height)>> KeyframeSizesAsync(string path, CancellationToken cancellationToken)
    {
        var sizes = new List<(int, int)>();
        await RunAsync(options.Value.FfprobePath,
            ["-v", "error", "-select_streams", "v:0", "-skip_frame", "nokey", "-show_entries", "frame=width,height", "-of", "csv=p=0", path],
            cancellationToken, line =>
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
            ["-v", "error", "-read_intervals", "%+#1", "-show_entries", "packet=pts_time", "-of", "csv=p=0", path], cancellationToken);
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
            ["-v", "error", "-show_entries", "packet=pts_time,duration_time", "-of", "csv=p=0", path], cancellationToken, line =>
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

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.GetString() : null;

    /// <summary>Runs the tool; its output is returned whole, or handed line by line to <paramref name="onOutputLine"/> and not kept.</summary>
    private static async Task<ToolResult> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken,
        Action<string>? onOutputLine = null)
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
        var output = onOutputLine is null ? process.StandardOutput.ReadToEndAsync(CancellationToken.None) : PumpLinesAsync(process.StandardOutput, onOutputLine);
        var error = new StringBuilder();
        var errorPump = PumpTailAsync(process.StandardError, error);
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

    private static async Task PumpTailAsync(StreamReader reader, StringBuilder tail)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            tail.AppendLine(line);
            if (tail.Length > ErrorTailLength * 2)
            {
                tail.Remove(0, tail.Length - ErrorTailLength);
            }
        }
    }
}

public sealed record ToolResult(int ExitCode, string Output, string Error);

/// <summary>
/// What ffprobe says of a file: its streams' codecs (ffprobe's names: h264, aac, flv1, pcm_s16le, mp3...) and the
/// duration its header or last tag gives, null when unknown (a truncated FLV has no last tag to read it from).
/// </summary>
public sealed record MediaProbe(bool Readable, bool HasVideo, bool HasAudio, double? DurationSeconds, string Error,
    string? VideoCodec = null, string? AudioCodec = null);

/// <summary>How many audio and video packets a file holds and the seconds from the first one's start to the last one's end.</summary>
public sealed record MediaExtent(int Packets, double Seconds)
{
    public static readonly MediaExtent None = new(0, 0);
}
