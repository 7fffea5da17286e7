using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using StreamingPlatform.Api.Options;
using StreamingPlatform.Api.Webhooks;

namespace StreamingPlatform.Tests.Api;

/// <summary>The webhooks' pure parts: the signature against Standard Webhooks' published example, the retry pace, secret sealing, and the connection guard on real sockets.</summary>
public sealed class WebhookSigningTests
{
    private static readonly WebhookOptions Pace = new() { FirstRetrySeconds = 5, SlowRetrySeconds = 900, FailingAfter = 5, GiveUpAfterHours = 24 };

    [Fact]
    public void TheSignatureIsStandardWebhooksOwnExample()
    {
        // From the Standard Webhooks specification's example (and its reference libraries' tests).
        var key = WebhookSecrets.SigningKey("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        var signature = WebhookSignature.Sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void RetriesDoubleUpToTheSlowPaceWhichAFailingWebhookGetsAtOnceAndADayOldEventIsGivenUp()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), WebhookRetryPolicy.NextDelay(1, 1, TimeSpan.Zero, Pace));
        Assert.Equal(TimeSpan.FromSeconds(10), WebhookRetryPolicy.NextDelay(2, 2, TimeSpan.FromMinutes(1), Pace));
        Assert.Equal(TimeSpan.FromSeconds(40), WebhookRetryPolicy.NextDelay(4, 4, TimeSpan.FromMinutes(1), Pace));
        Assert.Equal(TimeSpan.FromSeconds(900), WebhookRetryPolicy.NextDelay(2, 5, TimeSpan.FromMinutes(1), Pace));
        Assert.Equal(TimeSpan.FromSeconds(900), WebhookRetryPolicy.NextDelay(60, 0, TimeSpan.FromHours(23), Pace));
        Assert.Null(WebhookRetryPolicy.NextDelay(3, 3, TimeSpan.FromHours(24), Pace));
    }

    [Fact]
    public void ASealedSecretOpensOnlyWithTheSameKeyAndForTheSameWebhook()
    {
        var secrets = new WebhookSecrets(Microsoft.Extensions.Options.Options.Create(new WebhookOptions { Secret = "unit-webhooks-secret-0123456789" }));
        var other = new WebhookSecrets(Microsoft.Extensions.Options.Options.Create(new WebhookOptions { Secret = "another-webhooks-secret-0123456789" }));
        var secret = WebhookSecrets.Generate();
        var sealedSecret = secrets.Seal("wh_0123456789abcdef", secret);
        var webhook = new Webhook("wh_0123456789abcdef", "https://example.com/", [WebhookEventTypes.StreamStarted], true, DateTimeOffset.UnixEpoch, sealedSecret);

        Assert.DoesNotContain(secret[WebhookSecrets.Prefix.Length..], sealedSecret);
        Assert.Equal(WebhookSecrets.SigningKey(secret), secrets.Open(webhook));
        Assert.Null(other.Open(webhook));
        Assert.Null(secrets.Open(webhook with { Id = "wh_fedcba9876543210" }));
    }

    [Fact]
    public async Task TheConnectionGuardConnectsNowhereItRefusesAndToAnAllowedHostOnly()
    {
        using var listener = new TcpListener(IPAddress.Parse("127.0.0.2"), 0);
        listener.Start();
        var url = $"http://127.0.0.2:{((IPEndPoint)listener.LocalEndpoint).Port}/hook";

        using (var guarded = Client(allowed: []))
        {
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => guarded.GetAsync(url));
            Assert.Contains("loopback", Assert.IsType<WebhookAddressRefusedException>(refused.InnerException).Message);
            await Task.Delay(200);
            Assert.False(listener.Pending(), "the guard let a connection through");
        }

        using var allowed = Client(allowed: ["127.0.0.2"]);
        _ = allowed.GetAsync(url);
        using var accepted = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(accepted.Connected);
    }

    private static HttpClient Client(string[] allowed)
    {
        var guard = new WebhookAddressGuard(
            Microsoft.Extensions.Options.Options.Create(new WebhookOptions { AllowedHosts = allowed }),
            Microsoft.Extensions.Options.Options.Create(new StreamingOptions { HlsBaseUrl = "http://media.example.com/hls", RtmpBaseUrl = "rtmp://media.example.com/live" }),
            new ConfigurationBuilder().Build());
        return new HttpClient(new SocketsHttpHandler { ConnectCallback = guard.ConnectAsync, UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
    }
}
