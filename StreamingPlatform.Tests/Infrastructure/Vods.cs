using System.Net.Http.Json;
using StreamingPlatform.Api.Apis;

namespace StreamingPlatform.Tests.Infrastructure;

internal static class Vods
{
    /// <summary>Waits until the catalogue lists a VOD of the channel that satisfies <paramref name="done"/>.</summary>
    public static async Task<Vod> WaitAsync(HttpClient api, string channel, Func<Vod, bool> done, TimeSpan timeout)
    {
        IReadOnlyList<Vod> seen = [];
        try
        {
            return await Eventually.GetAsync(async () =>
            {
                seen = (await api.GetFromJsonAsync<VodPage>($"api/vods?channel={channel}"))!.Items;
                return seen.FirstOrDefault(done);
            }, timeout, $"a VOD of {channel}");
        }
        catch (TimeoutException exception)
        {
            var vods = string.Join("; ", seen.Select(v => $"{v.Id} {v.Status} {v.DurationSeconds:F2} s {v.Reason}"));
            throw new TimeoutException($"{exception.Message} The catalogue had: [{vods}]", exception);
        }
    }

    public static async Task<IReadOnlyList<Vod>> ListAsync(HttpClient api, string channel) =>
        (await api.GetFromJsonAsync<VodPage>($"api/vods?channel={channel}"))!.Items;

    /// <summary>ffprobe's duration of a media file, and its stream types.</summary>
    public static async Task<(double Duration, string Streams)> ProbeAsync(string path)
    {
        var (exit, output) = await ChildProcess.RunAsync("ffprobe",
            ["-v", "error", "-show_entries", "format=duration:stream=codec_type", "-of", "default=nw=1", path], TimeSpan.FromSeconds(30));
        Assert.Equal(0, exit);
        var duration = output.Split('\n').First(l => l.StartsWith("duration=", StringComparison.Ordinal))["duration=".Length..];
        return (double.Parse(duration, System.Globalization.CultureInfo.InvariantCulture), output);
    }
}
