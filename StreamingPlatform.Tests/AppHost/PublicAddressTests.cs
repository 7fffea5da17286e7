extern alias AppHost;

using System.Net;
using AppHost::Aspire.Hosting;
using Microsoft.Extensions.Configuration;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.AppHost;

/// <summary>How the AppHost finds the address other devices reach it by, and what it accepts as AppHost:PublicHost.</summary>
public sealed class PublicAddressTests
{
    private const string Header = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n";

    private static readonly Dictionary<string, IReadOnlyList<IPAddress>> Interfaces = new()
    {
        ["lo"] = [IPAddress.Loopback],
        ["eth0"] = [IPAddress.Parse("fe80::1"), IPAddress.Parse("192.168.1.20")],
        ["wlan0"] = [IPAddress.Parse("10.0.0.7")],
        ["tun0"] = [IPAddress.Parse("fd00::2")],
    };

    [Fact]
    public void TheDefaultRoutesInterfaceGivesItsIPv4Address()
    {
        var table = Header +
            "eth0\t0001A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n" +
            "eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n";

        Assert.Equal(IPAddress.Parse("192.168.1.20"), PublicAddress.DefaultRouteAddress(table, Interfaces));
    }

    [Fact]
    public void OfTwoDefaultRoutesTheLowestMetricWins()
    {
        var table = Header +
            "eth0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n" +
            "wlan0\t00000000\t0100000A\t0003\t0\t0\t100\t00000000\t0\t0\t0\n";

        Assert.Equal(IPAddress.Parse("10.0.0.7"), PublicAddress.DefaultRouteAddress(table, Interfaces));
    }

    [Theory]
    // Only a subnet route: no default.
    [InlineData("eth0\t0001A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n")]
    // A default route that is down (flags without RTF_UP).
    [InlineData("eth0\t00000000\t0101A8C0\t0002\t0\t0\t0\t00000000\t0\t0\t0\n")]
    // A default route through an interface with IPv6 addresses only.
    [InlineData("tun0\t00000000\t00000000\t0001\t0\t0\t0\t00000000\t0\t0\t0\n")]
    // An interface this machine does not list.
    [InlineData("ppp9\t00000000\t00000000\t0001\t0\t0\t0\t00000000\t0\t0\t0\n")]
    // Nothing at all (no /proc/net/route).
    [InlineData("")]
    public void WithoutAUsableDefaultRouteThereIsNoAddress(string routes)
    {
        Assert.Null(PublicAddress.DefaultRouteAddress(routes.Length == 0 ? "" : Header + routes, Interfaces));
    }

    [Theory]
    [InlineData("192.168.1.20", "192.168.1.20")]
    [InlineData("media.example.com", "media.example.com")]
    [InlineData("Studio-PC", "studio-pc")]
    [InlineData("fd00::20", "fd00::20")]
    [InlineData("[fd00::20]", "fd00::20")]
    public void AHostNameOrAnIPLiteralIsAccepted(string value, string expected)
    {
        Assert.Equal(expected, PublicAddress.Normalize(value));
    }

    [Theory]
    [InlineData("http://192.168.1.20")]
    [InlineData("192.168.1.20:5080")]
    [InlineData("300.1.2.3")]
    [InlineData("1.2.3")]
    [InlineData("bad_host")]
    [InlineData("-studio")]
    [InlineData("studio.")]
    [InlineData("two words")]
    [InlineData("studio\n")]
    [InlineData("fd00::zz")]
    public void AnythingElseIsRefused(string value)
    {
        Assert.Null(PublicAddress.Normalize(value));
    }

    [Fact]
    public void EveryAddressHandedOutNamesThePublicHostAndItsPorts()
    {
        var address = Resolve(new() { ["AppHost:PublicHost"] = "fd00::20", ["AppHost:HttpPort"] = "8000", ["AppHost:RtmpPort"] = "1936" });

        Assert.Equal("http://[fd00::20]:8000/", address.WebUrl);
        Assert.Equal("http://[fd00::20]:8000/hls", address.HlsBaseUrl);
        Assert.Equal("rtmp://[fd00::20]:1936/live", address.RtmpBaseUrl);
        Assert.Null(address.Notice);
    }

    [Fact]
    public void TheDefaultsAreTheReadmesPorts()
    {
        var address = Resolve(new() { ["AppHost:PublicHost"] = "studio" });

        Assert.Equal("http://studio:5080/", address.WebUrl);
        Assert.Equal("rtmp://studio:1935/live", address.RtmpBaseUrl);
    }

    [Theory]
    [InlineData("AppHost:PublicHost", "http://studio", "AppHost:PublicHost is 'http://studio'")]
    [InlineData("AppHost:HttpPort", "80a", "AppHost:HttpPort is '80a'")]
    [InlineData("AppHost:RtmpPort", "70000", "AppHost:RtmpPort is '70000'")]
    public void AWrongSettingIsNamed(string setting, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [setting] = value }).Build();

        Assert.False(PublicAddress.TryResolve(configuration, out _, out var problem));
        Assert.Contains(expected, problem);
    }

    [Fact]
    public async Task TheAppHostRefusesToStartWithAPublicHostThatIsNoHostAndNamesTheSetting()
    {
        using var data = new TempFolder("apphost-public-host");
        var (exitCode, output, _) = await AppHostProcess.RunAsync(new Dictionary<string, string>(),
            $"--AppHost:DataPath={data.Path}", "--AppHost:PublicHost=rtmp://studio:1935");

        Assert.Equal(1, exitCode);
        Assert.Contains("AppHost:PublicHost is 'rtmp://studio:1935': use a host name", output);
        Assert.DoesNotContain("Distributed application starting", output);
    }

    private static PublicAddress Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        Assert.True(PublicAddress.TryResolve(configuration, out var address, out var problem), problem);
        return address;
    }
}
