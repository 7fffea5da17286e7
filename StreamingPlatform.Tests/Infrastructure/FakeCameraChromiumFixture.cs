namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>
/// Chromium with its fake camera and microphone (a moving test pattern and a beep), the permission prompt answered yes:
/// a phone going live from the Go live page, as far as the page can tell.
/// </summary>
public sealed class FakeCameraChromiumFixture : IAsyncLifetime
{
    private Browser? _browser;

    internal Browser Browser => _browser ?? throw new InvalidOperationException("Chromium is not running.");

    public async Task InitializeAsync() =>
        _browser = await Browser.LaunchAsync(arguments: ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]);

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
    }
}
