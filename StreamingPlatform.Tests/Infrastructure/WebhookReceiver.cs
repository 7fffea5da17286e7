using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>
/// A webhook receiver as a user would write one: a small Kestrel app on loopback that checks each request's Standard
/// Webhooks signature with its secret (computed here, not with the Api's code) and records what came. It can answer
/// with an error for a while, or be stopped and started again on the same port (a receiver that is down).
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private WebApplication? _app;
    private CancellationTokenSource _stopping = new();

    private WebhookReceiver(int port) => Port = port;

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/incoming/webhooks?token=receiver-token";

    /// <summary>Set after registration: the webhook's secret (<c>whsec_...</c>), which every signature must match.</summary>
    public string? Secret { get; set; }

    /// <summary>Every request, in arrival order, with whether its signature was right and what it was answered.</summary>
    public ConcurrentQueue<ReceivedWebhook> Requests { get; } = new();

    /// <summary>Requests still to answer with 503 before answering 200 again.</summary>
    public int FailNext;

    private int _arrivals;

    /// <summary>How long each request waits before its answer (a slow receiver).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Requests that arrived, answered or not yet.</summary>
    public int Arrivals => Volatile.Read(ref _arrivals);

    public IEnumerable<ReceivedWebhook> Accepted => Requests.Where(r => r.Status == 200);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver(FreePort.Next());
        await receiver.StartAgainAsync();
        return receiver;
    }

    public async Task StartAgainAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Port));
        _stopping = new CancellationTokenSource();
        var app = builder.Build();
        app.MapPost("/incoming/webhooks", ReceiveAsync);
        await app.StartAsync();
        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _stopping.CancelAsync(); // requests held by Delay end now
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        Interlocked.Increment(ref _arrivals);
        try
        {
            await Task.Delay(Delay, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return Results.StatusCode(503);
        }
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var id = request.Headers["webhook-id"].ToString();
        var timestamp = request.Headers["webhook-timestamp"].ToString();
        var signature = request.Headers["webhook-signature"].ToString();
        var valid = Secret is not null && SignatureMatches(Secret, id, timestamp, body, signature)
            && request.Query["token"] == "receiver-token";
        var status = !valid ? 401 : Interlocked.Decrement(ref FailNext) >= 0 ? 503 : 200;
        Requests.Enqueue(new ReceivedWebhook(id, timestamp, body, valid, status, DateTimeOffset.UtcNow));
        return Results.StatusCode(status);
    }

    /// <summary>Standard Webhooks: the base64 HMAC-SHA256 of "id.timestamp.body" with the secret's base64 part, as "v1,..." (one of a space-separated list).</summary>
    public static bool SignatureMatches(string secret, string id, string timestamp, string body, string signatures)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
        return signatures.Split(' ').Any(s => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(s), Encoding.UTF8.GetBytes(expected)));
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

/// <summary>One request the receiver got.</summary>
internal sealed record ReceivedWebhook(string Id, string Timestamp, string Body, bool SignatureValid, int Status, DateTimeOffset At)
{
    private JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Type => Json.GetProperty("type").GetString()!;

    public string BodyId => Json.GetProperty("id").GetString()!;

    public JsonElement Data => Json.GetProperty("data");

    public string BroadcastId => Data.GetProperty("broadcastId").GetString()!;

    public string Channel => Data.GetProperty("channel").GetString()!;
}
