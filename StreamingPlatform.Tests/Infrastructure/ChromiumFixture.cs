namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>One headless Chromium per test class (<c>IClassFixture&lt;ChromiumFixture&gt;</c>), closed after its last test.</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private Browser? _browser;

    internal Browser Browser => _browser ?? throw new InvalidOperationException("Chromium is not running.");

    public async Task InitializeAsync() => _browser = await Browser.LaunchAsync();

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
    }
}
