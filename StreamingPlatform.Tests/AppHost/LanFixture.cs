using Aspire.Hosting;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.AppHost;

/// <summary>
/// The real AppHost on a network of the test's own (<see cref="TestNetwork"/>): AppHost:PublicHost is the host's
/// address on that network, so every address the platform hands out names it; a phone and a viewer namespace reach it
/// over veth pairs, never over loopback.
/// </summary>
public sealed class LanFixture : IAsyncLifetime
{
    private readonly TempFolder _data = new("apphost-lan");

    internal TestNetwork Network { get; private set; } = null!;

    public DistributedApplication App { get; private set; } = null!;

    public int RtmpPort { get; } = FreePort.Next();

    public int HttpPort { get; } = FreePort.Next();

    public async Task InitializeAsync()
    {
        Network = await TestNetwork.CreateAsync(TestNetwork.Phone, TestNetwork.Viewer);
        App = await AppHostFixture.StartAsync(AppHostFixture.Arguments(_data.Path, RtmpPort, HttpPort, publicHost: Network.HostAddress));
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        if (Network is not null)
        {
            await Network.DisposeAsync();
        }

        _data.Dispose();
    }
}
