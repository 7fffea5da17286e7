using Microsoft.Playwright;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>The Go live page driven as a broadcaster would: channel and key typed in, "Go live" pressed.</summary>
internal static class GoLivePage
{
    /// <param name="webSockets">Collects the address of every WebSocket the page opens (the key must not be in one).</param>
    public static async Task<IPage> StartAsync(Browser browser, Uri site, string channel, string key, List<string>? webSockets = null)
    {
        var page = await browser.Instance.NewPageAsync();
        page.WebSocket += (_, socket) => webSockets?.Add(socket.Url);
        await page.GotoAsync(new Uri(site, "golive").ToString());
        await Browser.WaitForAsync(page, "document.getElementById('preview').videoWidth > 0", 20);
        await page.FillAsync("#channel", channel);
        await page.FillAsync("#key", key);
        await page.ClickAsync("#start");
        return page;
    }

    public static Task<string> MessageAsync(IPage page) => page.InnerTextAsync("#message");
}
