using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using StreamingPlatform.Api.Apis;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

/// <summary>
/// RTMPS: nginx's stream module terminates TLS with the configured certificate and hands the RTMP inside to nginx-rtmp,
/// with each publisher's own address (PROXY protocol), so the key-checked publish works and the loopback-only dvr
/// application stays closed to the network.
/// </summary>
[Collection(LiveIngestCollection.Name)]
public sealed class RtmpsTests(LiveIngestFixture fixture)
{
    private static readonly TimeSpan LiveTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AnRtmpsPublisherWithItsKeyGoesLiveAndPlaysOverHlsWithTheConfiguredCertificate()
    {
        Assert.Equal(fixture.RtmpsCertificate.Certificate.Thumbprint, (await RtmpsCertificateAsync()).Thumbprint);

        var channel = await Channels.CreateAsync(fixture.Api, "rtmps");
        await using var phone = FfmpegPublisher.Start(fixture.Nginx.RtmpsPublishUrl("live", channel.Name, channel.StreamKey));
        using var api = fixture.Api.CreateHttpClient();
        await Eventually.GetAsync(async () => (await api.GetFromJsonAsync<LiveStream[]>("api/streams"))!.FirstOrDefault(s => s.Name == channel.Name),
            LiveTimeout, $"{channel.Name} live over RTMPS");
        using var nginx = new HttpClient { BaseAddress = fixture.Nginx.HttpBaseAddress };
        var playlist = await HlsPlaylist.WaitAsync(nginx, channel.Name, segments: 2, LiveTimeout);
        Assert.Equal(0x47, (await nginx.GetByteArrayAsync($"hls/{channel.Name}/{playlist.Segments[0]}"))[0]); // MPEG-TS
        Assert.False(phone.HasExited, phone.Output);
    }

    [Fact]
    public async Task AnRtmpsPublisherWithoutAKeyIsRefused()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "rtmps-nokey");
        await using var phone = FfmpegPublisher.Start(fixture.Nginx.RtmpsPublishUrl("live", channel.Name, "wrong-key"), TimeSpan.FromSeconds(10));

        Assert.True(await phone.WaitForExitAsync(TimeSpan.FromSeconds(15)), "the refused publisher kept streaming");
        Assert.NotEqual(0, phone.ExitCode);
    }

    /// <summary>
    /// The TLS proxy connects from 127.0.0.1, which the dvr application trusts: without the publisher's own address an
    /// RTMPS client anywhere could publish into a channel's rewind copy with no key. A phone on another network gets in
    /// to live with its key (the path works) and is refused by dvr.
    /// </summary>
    [Fact]
    public async Task AnRtmpsPublisherFromTheNetworkCannotPublishIntoTheLoopbackOnlyDvrApplication()
    {
        await using var network = await TestNetwork.CreateAsync(TestNetwork.Phone);
        var channel = await Channels.CreateAsync(fixture.Api, "rtmps-lan");
        await using (var phone = FfmpegPublisher.StartIn(network, fixture.Nginx.RtmpsPublishUrl("live", channel.Name, channel.StreamKey, network.HostAddress)))
        {
            using var api = fixture.Api.CreateHttpClient();
            await Eventually.GetAsync(async () => (await api.GetFromJsonAsync<LiveStream[]>("api/streams"))!.FirstOrDefault(s => s.Name == channel.Name),
                LiveTimeout, $"{channel.Name} live over RTMPS from {network.AddressOf(TestNetwork.Phone)}: {phone.Output}");
        }

        var intruder = Channels.UniqueName("dvr-intruder");
        await using var attacker = FfmpegPublisher.StartIn(network, fixture.Nginx.RtmpsPublishUrl("dvr", intruder, key: null, network.HostAddress), TimeSpan.FromSeconds(6));

        Assert.True(await attacker.WaitForExitAsync(TimeSpan.FromSeconds(20)), "the publisher to dvr did not stop");
        Assert.NotEqual(0, attacker.ExitCode);
        Assert.Contains($"access forbidden by rule, client: {network.AddressOf(TestNetwork.Phone)}", fixture.Nginx.ReadLog(fixture.Nginx.ErrorLogPath));
        Assert.False(Directory.Exists(Path.Combine(fixture.Nginx.DvrPath, intruder)), "nginx wrote HLS for the intruder's dvr publish");
    }

    private async Task<X509Certificate2> RtmpsCertificateAsync()
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", fixture.Nginx.RtmpsPort);
        await using var tls = new SslStream(client.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync("streaming.test");
        return Assert.IsType<X509Certificate2>(tls.RemoteCertificate, exactMatch: false);
    }
}
