using Microsoft.Playwright;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>Debian's Chromium, headless, driven by Playwright; screenshots go to TestResults/screenshots.</summary>
internal sealed class Browser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Instance = browser;
    }

    public IBrowser Instance { get; }

    public static string ScreenshotFolder { get; } = Path.Combine(RepositoryPaths.Root, "StreamingPlatform.Tests", "TestResults", "screenshots");

    public const string Chromium = "/usr/bin/chromium";

    /// <param name="executable">Chromium, or a launcher that runs it elsewhere (inside a network namespace of the test's own).</param>
    /// <param name="arguments">Chromium switches beyond the usual ones.</param>
    /// <param name="home">A HOME of its own (its NSS database, <c>.pki/nssdb</c>, says which roots it trusts).</param>
    public static async Task<Browser> LaunchAsync(string executable = Chromium, string[]? arguments = null, string? home = null)
    {
        var playwright = await Playwright.CreateAsync();
        var options = new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required", .. arguments ?? [],
            ],
        };
        if (home is not null)
        {
            var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(entry => (string)entry.Key, entry => (string)entry.Value!);
            environment["HOME"] = home;
            options.Env = environment;
        }

        var browser = await playwright.Chromium.LaunchAsync(options);
        return new Browser(playwright, browser);
    }

    public async Task<IPage> OpenAsync(Uri address)
    {
        var page = await Instance.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        await page.GotoAsync(address.ToString());
        return page;
    }

    /// <summary>Waits for a condition in the page; a timeout says what the page's player held at the time.</summary>
    public static async Task WaitForAsync(IPage page, string condition, int seconds)
    {
        try
        {
            await page.WaitForFunctionAsync(condition, null, new PageWaitForFunctionOptions { Timeout = seconds * 1000, PollingInterval = 200 });
        }
        catch (TimeoutException)
        {
            var state = await page.EvaluateAsync<string>(
                "JSON.stringify({ player: window.player, vod: window.vod, time: document.getElementById('video')?.currentTime, src: document.getElementById('video')?.src })");
            throw new TimeoutException($"waited {seconds} s for `{condition}`; page state: {state}");
        }
    }

    public static Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        return page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, $"{name}.png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await Instance.DisposeAsync();
        _playwright.Dispose();
    }
}
