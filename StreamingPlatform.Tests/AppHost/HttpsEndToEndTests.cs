using System.Net.Http.Json;
using Microsoft.Playwright;
using StreamingPlatform.Api.Apis;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.AppHost;

/// <summary>
/// HTTPS and RTMPS through the real AppHost: a phone publishes over RTMPS with its key, the Api says live and hands out
/// https:// addresses, and Chromium, trusting Caddy's root as a phone that installed it would, plays the watch page and
/// its live HLS over HTTPS with not one request over plain HTTP.
/// </summary>
[Collection(LiveIngestCollection.Name)]
public sealed class HttpsEndToEndTests(HttpsAppHostFixture appHost) : IClassFixture<HttpsAppHostFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task AnRtmpsBroadcastIsLiveAndItsWatchPagePlaysOverHttpsWithNothingOverHttp()
    {
        var host = HttpsAppHostFixture.Host;
        using var https = appHost.CreateHttpsClient();
        using var admin = appHost.CreateHttpsClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", AppHostFixture.AdminKey);
        var channel = await Channels.CreateAsync(admin, "https");
        Assert.Equal($"rtmps://{host}:{appHost.RtmpsPort}/live/{channel.Name}?key={channel.StreamKey}", channel.PublishUrl);
        await using var phone = FfmpegPublisher.Start($"rtmps://127.0.0.1:{appHost.RtmpsPort}/live/{channel.Name}?key={channel.StreamKey}");
        var stream = await Eventually.GetAsync(
            async () => (await https.GetFromJsonAsync<List<LiveStream>>("api/streams"))!.FirstOrDefault(s => s.Name == channel.Name),
            Timeout, $"channel {channel.Name} live over RTMPS: {phone.Output}");
        Assert.Equal($"https://{host}:{appHost.HttpsPort}/hls/{channel.Name}/index.m3u8", stream.HlsUrl);
        Assert.StartsWith($"https://{host}:{appHost.HttpsPort}/hls/.dvr/", stream.DvrUrl);
        var config = await https.GetFromJsonAsync<PublicConfig>("api/config");
        Assert.Equal($"rtmps://{host}:{appHost.RtmpsPort}/live", config!.RtmpBaseUrl);
        var playlist = await Eventually.GetAsync(async () =>
            await https.GetAsync(stream.HlsUrl) is { IsSuccessStatusCode: true } response
            && HlsPlaylist.Parse(await response.Content.ReadAsStringAsync()) is { Segments.Count: >= 2 } p ? p : null,
            Timeout, $"two segments in {stream.HlsUrl} through Caddy");
        Assert.Equal(0x47, (await https.GetByteArrayAsync(new Uri(new Uri(stream.HlsUrl), playlist.Segments[0])))[0]);

        using var home = new TempFolder("chromium-home");
        await TrustAsync(home.Path, appHost.RootCertificateFile);
        await using var browser = await Browser.LaunchAsync(arguments: [$"--host-resolver-rules=MAP {host} 127.0.0.1"], home: home.Path);
        var page = await browser.Instance.NewPageAsync();
        var requests = new List<string>();
        var console = new List<string>();
        page.Request += (_, request) => { lock (requests) { requests.Add(request.Url); } };
        page.Console += (_, message) => { lock (console) { console.Add($"{message.Type}: {message.Text}"); } };
        await page.GotoAsync(new Uri(appHost.BaseAddress, $"watch/{channel.Name}").ToString());
        await Browser.WaitForAsync(page, "player.state === 'live' && document.getElementById('video').currentTime > 2", seconds: 60);
        Assert.True(await page.EvaluateAsync<bool>("window.isSecureContext"), "the watch page is not a secure context");
        await Browser.ScreenshotAsync(page, "watch-https");

        string[] seen;
        lock (requests)
        {
            seen = [.. requests];
        }

        Assert.Contains(seen, url => url.StartsWith($"https://{host}:{appHost.HttpsPort}/hls/{channel.Name}/", StringComparison.Ordinal));
        Assert.All(seen, url => Assert.True(url.StartsWith("https://", StringComparison.Ordinal) || url.StartsWith("blob:", StringComparison.Ordinal)
            || url.StartsWith("data:", StringComparison.Ordinal), $"requested over something else than HTTPS: {url}"));
        lock (console)
        {
            Assert.DoesNotContain(console, line => line.Contains("Mixed Content", StringComparison.OrdinalIgnoreCase) || line.Contains("http://", StringComparison.Ordinal));
        }
    }

    /// <summary>Trusts <paramref name="rootFile"/> in an NSS database of its own, where Chromium on Linux reads the roots a user added.</summary>
    private static async Task TrustAsync(string home, string rootFile)
    {
        var database = $"sql:{Directory.CreateDirectory(Path.Combine(home, ".pki", "nssdb")).FullName}";
        foreach (var command in new[]
        {
            new[] { "-N", "-d", database, "--empty-password" },
            ["-A", "-d", database, "-n", "caddy-local-root", "-t", "C,,", "-i", rootFile],
        })
        {
            var (exitCode, output) = await ChildProcess.RunAsync("certutil", command, TimeSpan.FromSeconds(20));
            Assert.True(exitCode == 0, $"certutil {string.Join(' ', command)}: {output}");
        }
    }
}
