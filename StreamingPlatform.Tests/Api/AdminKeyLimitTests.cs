using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StreamingPlatform.Api.Admin;
using StreamingPlatform.Api.Options;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.Api;

/// <summary>
/// Guessing the admin key: real Kestrel, an attacker on a second loopback address (127.0.0.2 and up) and the admin on
/// 127.0.0.1. Failed checks are limited per address, answered 429 with Retry-After, counted and logged once a minute.
/// </summary>
public sealed class AdminKeyLimitTests : IAsyncLifetime
{
    private static readonly AdminOptions Defaults = new();
    private RedisServer? _redis;
    private ApiServer? _api;

    private ApiServer Api => _api!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _api = ApiServer.Start(_redis.ConnectionString, FreePort.Next());
    }

    public async Task DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task WrongKeysFromOneAddressGet429OverTheLimitWhileTheRightKeyFromAnotherAddressStillWorks()
    {
        var attackerAddress = IPAddress.Parse($"127.0.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(2, 255)}");
        using var attacker = Api.CreateHttpClient(source: attackerAddress);
        using var admin = Api.CreateHttpClient(ApiServer.AdminKey);
        using var checks = new KeyCheckCounter();
        const int attempts = 200;

        var statuses = new List<HttpStatusCode>();
        var tried = new List<string>();
        for (var i = 0; i < attempts; i++)
        {
            var key = $"guess-{Guid.NewGuid():N}";
            tried.Add(key);
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/admin/channels") { Headers = { { "X-Api-Key", key } } };
            using var response = await attacker.SendAsync(request);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.InRange(response.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(Defaults.FailedKeyWindowSeconds));
            }

            if (i == attempts / 2)
            {
                // In the middle of the attack the admin, from another address, still gets in.
                Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("api/admin/channels")).StatusCode);
            }
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, Defaults.FailedKeyLimit), statuses.Take(Defaults.FailedKeyLimit));
        Assert.All(statuses.Skip(Defaults.FailedKeyLimit), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));

        // Over the limit even the right key is not checked from that address (a lucky guess would say nothing)...
        using var attackerWithKey = Api.CreateHttpClient(ApiServer.AdminKey, attackerAddress);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await attackerWithKey.GetAsync("api/admin/channels")).StatusCode);
        // ...and the admin's many right keys count nothing against 127.0.0.1.
        for (var i = 0; i < Defaults.FailedKeyLimit * 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("api/admin/channels")).StatusCode);
        }

        // At least: the meter is the process's, and other test classes may check keys at the same time.
        Assert.True(checks.Count("wrong_key") >= Defaults.FailedKeyLimit);
        Assert.True(checks.Count("rate_limited") >= attempts - Defaults.FailedKeyLimit + 1);
        Assert.True(checks.Count("accepted") >= Defaults.FailedKeyLimit * 2 + 1);

        // One line for the whole attack so far (the minute is not up), naming the address and never a tried key.
        var lines = Api.Logs.Lines.Where(l => l.Contains("[801]", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.Contains(attackerAddress.ToString(), line);
        Assert.Contains("1 wrong or missing keys", line);
        Assert.DoesNotContain(tried, key => Api.Logs.All.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public void FailuresAreLoggedOnceAMinutePerAddressWithTheirCount()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-06T20:00:00Z"));
        var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        using var log = new FailedKeyLog(time, factory.CreateLogger<FailedKeyLog>());

        log.Failed("192.0.2.7");
        for (var i = 0; i < 40; i++)
        {
            log.Failed("192.0.2.7");
            log.Limited("192.0.2.7");
        }

        log.Failed("2001:db8:1:2::/64");
        time.Advance(TimeSpan.FromSeconds(59));
        log.Flush();
        Assert.Equal(2, logs.Lines.Count);

        time.Advance(TimeSpan.FromSeconds(1));
        log.Flush();
        log.Flush();
        Assert.Equal(3, logs.Lines.Count);
        Assert.Contains("192.0.2.7: 40 wrong or missing keys and 40 requests refused", logs.Lines.Last());

        // Quiet for a minute: forgotten, so its next failure is logged at once.
        time.Advance(FailedKeyLog.Period);
        log.Flush();
        log.Failed("192.0.2.7");
        Assert.Equal(4, logs.Lines.Count);
        Assert.Contains("192.0.2.7: 1 wrong or missing keys and 0 requests refused", logs.Lines.Last());
    }

    /// <summary><c>streaming.admin.key_checks</c> by outcome, while it lives.</summary>
    private sealed class KeyCheckCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, long> _counts = [];

        public KeyCheckCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "StreamingPlatform.Api" && instrument.Name == "streaming.admin.key_checks")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "streaming.admin.key_check.outcome")
                    {
                        lock (_counts)
                        {
                            _counts[(string)tag.Value!] = _counts.GetValueOrDefault((string)tag.Value!) + value;
                        }
                    }
                }
            });
            _listener.Start();
        }

        public long Count(string outcome)
        {
            lock (_counts)
            {
                return _counts.GetValueOrDefault(outcome);
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
