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

    public async Task<MediaProbe> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        var result = await RunAsync(options.Value.FfprobePath,
            ["-v", "error", "-show_entries", "format=duration:stream=codec_type", "-of", "json", path], cancellationToken);
        if (result.ExitCode != 0)
        {
            return new MediaProbe(false, false, false, null, result.Error);
        }

        using var json = JsonDocument.Parse(result.Output);
        var types = json.RootElement.TryGetProperty("streams", out var streams)
            ? streams.EnumerateArray().Select(s => s.TryGetProperty("codec_type", out var t) ? t.GetString() : null).ToList()
            : [];
        double? duration = json.RootElement.TryGetProperty("format", out var format)
            && format.TryGetProperty("duration", out var d)
            && double.TryParse(d.GetString(), CultureInfo.InvariantCulture, out var seconds)
                ? seconds
                : null;
        return new MediaProbe(true, types.Contains("video"), types.Contains("audio"), duration, result.Error);
    }

    private static async Task<ToolResult> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
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
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
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

/// <summary>What ffprobe says of a file. Duration is null when unknown (a truncated FLV has no last tag to read it from).</summary>
public sealed record MediaProbe(bool Readable, bool HasVideo, bool HasAudio, double? DurationSeconds, string Error);
