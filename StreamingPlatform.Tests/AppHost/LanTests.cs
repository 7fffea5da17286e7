using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StreamingPlatform.Api.Apis;
using StreamingPlatform.Tests.Infrastructure;
using Xunit.Abstractions;

namespace StreamingPlatform.Tests.AppHost;

/// <summary>
/// The platform proven on a network rather than on loopback: a phone in a namespace of its own learns where to publish
/// from the platform's answers alone and publishes; a viewer's Chromium in another namespace opens the home page at the
/// host's address, plays the channel live and then its VOD, and every request the pages make goes to that address.
/// </summary>
[Collection(LiveIngestCollection.Name)]
public sealed class LanTests(LanFixture lan, ITestOutputHelper output) : IClassFixture<LanFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task APhoneAndAViewerOnTheNetworkUseOnlyTheAddressesTheAppHostHandsOut()
    {
        var network = lan.Network;
        var site = new Uri($"http://{network.HostAddress}:{lan.HttpPort}/");
        using var secrets = new TempFolder("lan-phone");

        // The phone: where to publish (/api/config) and the development channel's set-up (the admin API), over the network.
        var config = await PhoneGetAsync<PublicConfig>(new Uri(site, "api/config"));
        Assert.Equal($"rtmp://{network.HostAddress}:{lan.RtmpPort}/live", config.RtmpBaseUrl);
        var headers = secrets.Combine("admin-headers");
        await File.WriteAllTextAsync(headers, $"X-Api-Key: {await ParameterAsync("admin-api-key")}\n");
        // The Api creates the channel in the background once it is up: ask until it is there.
        var setUp = await Eventually.GetAsync(() => PhoneTryGetAsync<ChannelCredentials>(new Uri(site, "api/admin/development-channel"), headers),
            Timeout, "the development channel's set-up from the phone");
        Assert.StartsWith($"{config.RtmpBaseUrl}/{setUp.Name}?key=", setUp.PublishUrl);

        var requests = new List<string>();
        await using var browser = await Browser.LaunchAsync(await network.ChromiumLauncherAsync(TestNetwork.Viewer));

        IPage watch;
        await using (var phone = FfmpegPublisher.Start(setUp.PublishUrl, null, TestMedia.H264, TestMedia.Aac, launcher: network.Launcher(TestNetwork.Phone, "ffmpeg")))
        {
            var home = await browser.Instance.NewPageAsync();
            // HLS over the network is what this proves; the watch page would otherwise switch to real time (WebRTC)
            // once the relay runs, and the switch restarts the video's clock.
            await home.AddInitScriptAsync("localStorage.setItem('realtime', 'off')");
            home.Request += (_, request) => requests.Add(request.Url);
            await home.GotoAsync(site.ToString());
            await home.WaitForSelectorAsync($"[data-channel='{setUp.Name}']", new() { Timeout = (int)Timeout.TotalMilliseconds });
            Assert.Contains("LIVE", await home.InnerTextAsync($"[data-channel='{setUp.Name}']"));

            await home.ClickAsync($"[data-channel='{setUp.Name}']");
            await home.WaitForURLAsync(new Uri(site, $"watch/{setUp.Name}").ToString());
            watch = home;
            await Browser.WaitForAsync(watch, "player.state === 'live' && document.getElementById('video').currentTime > 2", 60);
            var before = await watch.EvaluateAsync<double>("document.getElementById('video').currentTime");
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.True(await watch.EvaluateAsync<double>("document.getElementById('video').currentTime") > before + 1, "live playback did not advance");
            Assert.True(await watch.EvaluateAsync<int>("document.getElementById('video').getVideoPlaybackQuality().totalVideoFrames") > 0, "no frame decoded");
            await Browser.ScreenshotAsync(watch, "lan-watch-live");

            // The viewer counts by its address on the network, whatever X-Forwarded-For it sends through nginx's front.
            await AssertSpoofedAddressesCountAsOneAsync(new Uri(site, $"api/streams/{setUp.Name}/viewers/"));

            await phone.StopAsync();
        }

        await Browser.WaitForAsync(watch, "player.state === 'offline'", 60);
        await Browser.WaitForAsync(watch, "player.vod !== null && document.getElementById('video').src.includes('/api/vods/')", 90);
        await Browser.WaitForAsync(watch, "document.getElementById('video').currentTime > 1", 60);
        await Browser.ScreenshotAsync(watch, "lan-watch-vod");

        var elsewhere = requests.Where(url => new Uri(url) is { Scheme: "http" or "https" or "ws" or "wss" } uri && uri.Host != network.HostAddress).ToList();
        output.WriteLine($"{requests.Count} requests, e.g. {string.Join(", ", requests.Take(5))}");
        Assert.Contains(requests, url => url.Contains("/hls/", StringComparison.Ordinal) && url.EndsWith(".ts", StringComparison.Ordinal));
        Assert.Contains(requests, url => url.Contains("/api/vods/", StringComparison.Ordinal));
        Assert.True(elsewhere.Count == 0, $"requests away from {network.HostAddress}: {string.Join(", ", elsewhere.Distinct())}");
        Assert.DoesNotContain(requests, url => url.Contains("localhost", StringComparison.Ordinal) || url.Contains("//127.", StringComparison.Ordinal));
    }

    /// <summary>
    /// Eleven made-up viewer ids from the phone's namespace, each with a different made-up X-Forwarded-For: they count
    /// against the phone's one address (cap 10), so the eleventh is refused.
    /// </summary>
    private async Task AssertSpoofedAddressesCountAsOneAsync(Uri presence)
    {
        var statuses = new List<string>();
        for (var i = 0; i < 11; i++)
        {
            var (_, status) = await ChildProcess.RunAsync("ip", lan.Network.Exec(TestNetwork.Phone, "curl",
                "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10", "-X", "POST",
                "-H", $"X-Forwarded-For: 198.51.100.{i + 1}", $"{presence}{Guid.NewGuid():N}"), TimeSpan.FromSeconds(20));
            statuses.Add(status.Trim());
        }

        Assert.Equal([.. Enumerable.Repeat("200", 10), "429"], statuses);
    }

    /// <summary>A GET from the phone's namespace (curl; headers from a file, so no secret is on a command line).</summary>
    private async Task<T> PhoneGetAsync<T>(Uri address, string? headerFile = null) where T : class =>
        await PhoneTryGetAsync<T>(address, headerFile, failOnError: true) ?? throw new InvalidOperationException($"GET {address}: no answer");

    /// <summary>The answer of a GET from the phone's namespace, or null when it was not a success.</summary>
    private async Task<T?> PhoneTryGetAsync<T>(Uri address, string? headerFile = null, bool failOnError = false) where T : class
    {
        string[] arguments = ["-sS", "--fail-with-body", "--max-time", "10", .. headerFile is null ? Array.Empty<string>() : ["-H", $"@{headerFile}"], address.ToString()];
        var (exitCode, body) = await ChildProcess.RunAsync("ip", lan.Network.Exec(TestNetwork.Phone, "curl", arguments), TimeSpan.FromSeconds(20));
        Assert.True(exitCode == 0 || !failOnError, $"GET {address} from {TestNetwork.Phone}: exit {exitCode}: {body}");
        return exitCode == 0 ? JsonSerializer.Deserialize<T>(body, Json) : null;
    }

    /// <summary>A parameter's value as the AppHost holds it (what the dashboard shows its owner).</summary>
    private async Task<string> ParameterAsync(string name)
    {
        var model = lan.App.Services.GetRequiredService<DistributedApplicationModel>();
        var parameter = model.Resources.OfType<ParameterResource>().Single(p => p.Name == name);
        return (await parameter.GetValueAsync(CancellationToken.None))!;
    }
}
