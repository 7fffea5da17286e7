using System.Text;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.BroadcastState.Restream;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.Restream;

/// <summary>
/// The restream targets' store against a bare redis-server: sealed keys (Redis alone does not reveal them), the limit per
/// channel, which targets the worker reads, and states that count only while their relay's lease is held. Also the
/// addresses operators paste.
/// </summary>
public sealed class RestreamTargetStoreTests : IClassFixture<BareRedis>
{
    private const string Secret = "unit-restream-secret-0123456789";
    private const string Key = "live_123456789_AbCdEfGhIjKlMnOpQrStUvWxYz";
    private readonly BareRedis _redis;

    public RestreamTargetStoreTests(BareRedis redis) => _redis = redis;

    [Fact]
    public void ASealedKeyOpensOnlyWithItsSecretForItsOwnTargetAndShowsNothingOfTheKey()
    {
        var seal = new RestreamKeySeal(Secret);
        var sealedKey = seal.Seal("cam", "0123456789ab", Key);

        Assert.Equal(Key, seal.Open("cam", "0123456789ab", sealedKey));
        Assert.DoesNotContain(Key, Encoding.UTF8.GetString(Convert.FromBase64String(sealedKey)), StringComparison.Ordinal);
        Assert.DoesNotContain("AbCdEf", sealedKey, StringComparison.Ordinal);
        Assert.NotEqual(sealedKey, seal.Seal("cam", "0123456789ab", Key)); // a fresh nonce every time
        Assert.Null(new RestreamKeySeal("another-restream-secret-0123").Open("cam", "0123456789ab", sealedKey));
        Assert.Null(seal.Open("cam", "ffffffffffff", sealedKey));
        Assert.Null(seal.Open("other", "0123456789ab", sealedKey));
        var tampered = Convert.FromBase64String(sealedKey);
        tampered[^1] ^= 1;
        Assert.Null(seal.Open("cam", "0123456789ab", Convert.ToBase64String(tampered)));
        Assert.Null(seal.Open("cam", "0123456789ab", "not base64!"));
    }

    [Fact]
    public async Task TheWorkerReadsOnlyEnabledTargetsOfChannelsThatHaveAnyAndAChannelHoldsAtMostTen()
    {
        var targets = new RestreamTargets(_redis.Connection);
        var seal = new RestreamKeySeal(Secret);
        RestreamTarget Target(string id, bool enabled = true) =>
            new(id, $"target {id}", "rtmp://a.rtmp.youtube.com/live2", enabled, DateTimeOffset.UnixEpoch, seal.Seal("store-a", id, Key));

        Assert.True(await targets.TryAddAsync("store-a", Target("0000000000a1")));
        Assert.True(await targets.TryAddAsync("store-a", Target("0000000000a2", enabled: false)));
        Assert.True(await targets.TryAddAsync("store-b", Target("0000000000b3")));
        Assert.True(await targets.TrySetEnabledAsync("store-b", "0000000000b3", false));
        Assert.False(await targets.TrySetEnabledAsync("store-b", "000000000000", true));

        var enabled = await targets.ReadEnabledAsync(["store-a", "store-b", "store-c"]);
        Assert.Equal(["store-a"], enabled.Keys);
        Assert.Equal(["0000000000a1"], enabled["store-a"].Select(t => t.Id));

        // Redis holds the key sealed only.
        var stored = string.Join('\n', (await _redis.Database.HashValuesAsync(StoreKeys.RestreamTargets("store-a"))).Select(v => (string)v!));
        Assert.DoesNotContain(Key, stored, StringComparison.Ordinal);
        Assert.Contains("target 0000000000a1", stored, StringComparison.Ordinal);

        for (var i = 3; i <= 10; i++)
        {
            Assert.True(await targets.TryAddAsync("store-a", Target($"0000000000{i:d2}")));
        }

        Assert.False(await targets.TryAddAsync("store-a", Target("0000000000ff")));
        Assert.Equal(10, (await targets.ListAsync("store-a")).Count);
        Assert.True(await targets.RemoveAsync("store-a", "0000000000a1"));
        Assert.False(await targets.RemoveAsync("store-a", "0000000000a1"));
    }

    [Fact]
    public async Task AStateCountsOnlyWhileItsRelaysLeaseIsHeld()
    {
        var states = new RestreamStates(_redis.Connection);
        var live = RestreamStates.JobId("b-state", "00000000000a");
        var orphan = RestreamStates.JobId("b-state", "00000000000b");
        await states.WriteAsync(live, new RestreamTargetState(RestreamTargetState.Live, null, DateTimeOffset.UnixEpoch, 1000, 0));
        await states.WriteAsync(orphan, new RestreamTargetState(RestreamTargetState.Retrying, "gone", DateTimeOffset.UnixEpoch, 0, 3));
        await _redis.Database.StringSetAsync(StoreKeys.RestreamLease(live), "worker-a", TimeSpan.FromSeconds(10));

        var read = await states.ReadAsync("b-state", ["00000000000a", "00000000000b", "00000000000c"]);

        Assert.Equal(RestreamTargetState.Live, read[0]?.State);
        Assert.Equal(1000, read[0]?.BytesSent);
        Assert.Null(read[1]); // its worker died: the lease lapsed
        Assert.Null(read[2]);
    }

    [Theory]
    [InlineData("rtmp://a.rtmp.youtube.com/live2", "rtmp://a.rtmp.youtube.com/live2", false, "a.rtmp.youtube.com", 1935, "live2")]
    [InlineData("rtmps://a.rtmps.youtube.com:443/live2", "rtmps://a.rtmps.youtube.com/live2", true, "a.rtmps.youtube.com", 443, "live2")]
    [InlineData("rtmps://live-api-s.facebook.com:443/rtmp/", "rtmps://live-api-s.facebook.com/rtmp", true, "live-api-s.facebook.com", 443, "rtmp")]
    [InlineData("rtmp://live.twitch.tv/app", "rtmp://live.twitch.tv/app", false, "live.twitch.tv", 1935, "app")]
    [InlineData("rtmp://127.0.0.1:19350/live/sub", "rtmp://127.0.0.1:19350/live/sub", false, "127.0.0.1", 19350, "live/sub")]
    [InlineData("rtmp://[::1]:1936/app", "rtmp://[::1]:1936/app", false, "::1", 1936, "app")]
    public void PlatformAddressesParseIntoHostPortAndApplication(string url, string tcUrl, bool tls, string host, int port, string app)
    {
        Assert.True(RestreamAddress.TryParse(url, out var address));
        Assert.Equal((tls, host, port, app, tcUrl), (address.Tls, address.Host, address.Port, address.App, address.TcUrl));
    }

    [Theory]
    [InlineData("http://a.rtmp.youtube.com/live2")]
    [InlineData("rtmp://a.rtmp.youtube.com")]
    [InlineData("rtmp://a.rtmp.youtube.com/")]
    [InlineData("rtmp://a.rtmp.youtube.com/live2?key=secret")]
    [InlineData("rtmp://user:pass@a.rtmp.youtube.com/live2")]
    [InlineData("rtmp://a.rtmp.youtube.com/live2\n")]
    [InlineData("rtmp://a.rtmp.youtube.com/../etc")]
    [InlineData("rtmp://a.rtmp.youtube.com:0/live2")]
    [InlineData("rtmp://a.rtmp.youtube.com:70000/live2")]
    [InlineData("rtmp://a.rtmp.youtube.com/live 2")]
    [InlineData(null)]
    public void OtherAddressesAreRefused(string? url) => Assert.False(RestreamAddress.TryParse(url, out _));

    [Theory]
    [InlineData("abcd-efgh-ijkl-mnop-qrst", true)]
    [InlineData("FB-123?s_bl=1&s_sc=2&a=Abc", true)]
    [InlineData("with space", false)]
    [InlineData("tab\tkey", false)]
    [InlineData("", false)]
    [InlineData("ключ", false)]
    public void StreamKeysArePrintableAsciiWithoutSpaces(string key, bool valid) => Assert.Equal(valid, RestreamTargetRules.IsValidKey(key));
}
