using System.Net;
using System.Text.RegularExpressions;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

/// <summary>What every page shows besides the video: the publish address the Api is configured with, and its icon.</summary>
[Collection(LiveIngestCollection.Name)]
public sealed partial class ViewerPageDetailsTests(LiveIngestFixture fixture)
{
    [Fact]
    public async Task HomePageShowsTheRtmpAddressTheApiIsConfiguredWith()
    {
        // An Api of its own whose RTMP address differs from the page's host name and the default port.
        await using var api = ApiServer.Start(fixture.Redis.ConnectionString, fixture.Nginx.HttpPort, new Dictionary<string, string>
        {
            ["Streaming:RtmpBaseUrl"] = "rtmp://media.example.test:1936/ingest",
            ["Media:Root"] = fixture.Nginx.MediaRoot,
        });
        await using var browser = await Browser.LaunchAsync();

        var home = await browser.OpenAsync(api.BaseAddress);
        await home.WaitForFunctionAsync("document.getElementById('rtmp-address').textContent.includes('<channel>')", null, new() { Timeout = 15_000 });

        Assert.Equal("rtmp://media.example.test:1936/ingest/<channel>?key=<key>", await home.TextContentAsync("#rtmp-address"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/watch/somebody")]
    [InlineData("/vod/some-id")]
    [InlineData("/admin")]
    public async Task EveryPageLinksAnIconThatExists(string page)
    {
        using var api = fixture.Api.CreateHttpClient();

        var html = await api.GetStringAsync(page.TrimStart('/'));
        var icon = IconLink().Match(html);

        Assert.True(icon.Success, $"{page} links no icon");
        var response = await api.GetAsync(icon.Groups["href"].Value.TrimStart('/'));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("<link rel=\"icon\"[^>]*href=\"(?<href>[^\"]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex IconLink();
}
