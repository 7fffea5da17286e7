using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace StreamingPlatform.Api.Webhooks;

/// <summary>
/// Sends one signed delivery. Its own HTTP client, apart from the services' defaults: connections only through
/// <see cref="WebhookAddressGuard.ConnectAsync"/>, no proxy (a proxy would connect for it), no redirects (a receiver
/// could point elsewhere), no service discovery (an Aspire resource name must not resolve), and no trace headers for
/// receivers.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private const string UserAgent = "StreamingPlatform-Webhooks/1";

    private readonly WebhookAddressGuard _guard;
    private readonly TimeSpan _timeout;
    private readonly HttpClient _http;

    public WebhookSender(WebhookAddressGuard guard, IOptions<WebhookOptions> options)
    {
        _guard = guard;
        _timeout = options.Value.Timeout;
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = guard.ConnectAsync,
            UseProxy = false,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
        })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan, // each attempt has its own (Webhooks:TimeoutSeconds)
        };
    }

    /// <summary>Sends the delivery signed with <paramref name="key"/> at <paramref name="now"/>; null when the receiver took it (2xx), else why not.</summary>
    public async Task<string?> SendAsync(Webhook webhook, byte[] key, WebhookDelivery delivery, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_guard.RefusalOf(new Uri(webhook.Url)) is { } refusal)
        {
            return $"refused by the address guard: {refusal}";
        }

        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.IdHeader, delivery.Id);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(key, delivery.Id, timestamp, delivery.Body));
        request.Headers.UserAgent.Add(ProductInfoHeaderValue.Parse(UserAgent));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {_timeout.TotalSeconds:F0} s";
        }
        catch (HttpRequestException exception) when (exception.InnerException is WebhookAddressRefusedException refused)
        {
            return $"refused by the address guard: {refused.Message}";
        }
        catch (HttpRequestException exception)
        {
            return $"{exception.HttpRequestError}: {exception.Message}";
        }
    }

    public void Dispose() => _http.Dispose();
}
