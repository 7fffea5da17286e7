using System.Net;
using System.Net.Sockets;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.Api;

/// <summary>
/// The Api sits behind nginx's front (and in Azure behind Container Apps' ingress): it takes the viewer's address from
/// X-Forwarded-For when, and only when, the connection comes from a trusted proxy. Here only 127.0.0.1 is trusted, so
/// a client bound to 127.0.0.2 stands for anyone else. The per-address viewer cap (10) shows whose address counted.
/// </summary>
public sealed class ForwardedHeadersTests : IAsyncLifetime
{
    private static readonly IPAddress Untrusted = IPAddress.Parse("127.0.0.2");
    private RedisServer _redis = null!;
    private ApiServer _api = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _api = ApiServer.Start(_redis.ConnectionString, FreePort.Next(), new Dictionary<string, string>
        {
            ["Proxies:TrustedNetworks"] = "127.0.0.1/32",
        });
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task ATrustedProxysForwardedForIsTheViewersAddress()
    {
        var channel = await LiveChannelAsync();
        using var proxy = Client(IPAddress.Loopback);

        // Twelve viewers behind the proxy, each from an address of its own: none reaches its address's cap of 10.
        var statuses = await ReportAsync(proxy, channel, 12, i => $"198.51.100.{i + 1}");

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task AnUntrustedClientsForwardedForChangesNothing()
    {
        var channel = await LiveChannelAsync();
        using var client = Client(Untrusted);

        // The same twelve made-up addresses from a client nobody trusts: all count as 127.0.0.2, so the 11th is refused.
        var statuses = await ReportAsync(client, channel, 12, i => $"198.51.100.{i + 1}");

        Assert.All(statuses[..10], status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.All(statuses[10..], status => Assert.Equal(HttpStatusCode.TooManyRequests, status));
    }

    [Fact]
    public async Task AnAddressWrittenBeforeTheProxysIsNotBelieved()
    {
        var channel = await LiveChannelAsync();
        using var proxy = Client(IPAddress.Loopback);

        // What nginx sends for a client that wrote its own X-Forwarded-For: the made-up one, then the address nginx saw.
        var statuses = await ReportAsync(proxy, channel, 12, i => $"203.0.113.{i + 1}, 192.0.2.77");

        Assert.All(statuses[..10], status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.All(statuses[10..], status => Assert.Equal(HttpStatusCode.TooManyRequests, status));
    }

    /// <summary>A channel live in this Api: created with the admin key, then published as nginx's hook would.</summary>
    private async Task<string> LiveChannelAsync()
    {
        var channel = await Channels.CreateAsync(_api, "forwarded");
        using var hooks = _api.CreateHttpClient();
        var publish = await hooks.PostAsync($"hooks/publish?secret={ApiServer.HookSecret}&node=n1", HookForms.Publish(channel.Name, channel.StreamKey, "1"));
        Assert.Equal(HttpStatusCode.NoContent, publish.StatusCode);
        return channel.Name;
    }

    private static async Task<HttpStatusCode[]> ReportAsync(HttpClient client, string channel, int viewers, Func<int, string> forwardedFor)
    {
        var statuses = new HttpStatusCode[viewers];
        for (var i = 0; i < viewers; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/streams/{channel}/viewers/{Guid.NewGuid():N}");
            request.Headers.Add("X-Forwarded-For", forwardedFor(i));
            using var response = await client.SendAsync(request);
            statuses[i] = response.StatusCode;
        }

        return statuses;
    }

    /// <summary>A client whose connections leave from <paramref name="source"/>.</summary>
    private HttpClient Client(IPAddress source) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = _api.BaseAddress,
        Timeout = TimeSpan.FromSeconds(15),
    };
}
