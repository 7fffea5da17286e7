using StreamingPlatform.Api.Channels;

namespace StreamingPlatform.Tests.Api;

public sealed class StreamKeyTests
{
    [Fact]
    public void GeneratedKeysAreLongUrlSafeAndDistinct()
    {
        var keys = Enumerable.Range(0, 100).Select(_ => StreamKey.Generate()).ToList();

        Assert.All(keys, key => Assert.Matches("^[A-Za-z0-9_-]{43}$", key));
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void HashVerifiesItsKeyOnly()
    {
        var key = StreamKey.Generate();
        var hash = StreamKey.Hash("studio", key);

        Assert.True(StreamKey.Verify(key, hash));
        Assert.False(StreamKey.Verify(key[..^1], hash));
        Assert.False(StreamKey.Verify(key + "x", hash));
        Assert.False(StreamKey.Verify(StreamKey.Generate(), hash));
        Assert.False(StreamKey.Verify("", hash));
        Assert.False(StreamKey.Verify(null, hash));
        Assert.DoesNotContain(key, hash.Hash + hash.Salt);
    }

    [Fact]
    public void SameKeyHashesDifferentlyOnEachChannelButVerifiesAgainstBoth()
    {
        var key = StreamKey.Generate();

        var (first, second) = (StreamKey.Hash("studio", key), StreamKey.Hash("studio2", key));

        Assert.NotEqual(first.Salt, second.Salt);
        Assert.NotEqual(first.Hash, second.Hash);
        Assert.True(StreamKey.Verify(key, first));
        Assert.True(StreamKey.Verify(key, second));
    }

    [Fact]
    public void TheHookCanHashAKeyBeforeItReadsTheStoredHashAndStillVerifyOneStoredUnderAnotherSalt()
    {
        var key = StreamKey.Generate();
        var stored = StreamKey.Hash("studio", key);
        var underRandomSalt = new StreamKeyHash(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)), "");
        underRandomSalt = underRandomSalt with { Hash = StreamKey.Digest(underRandomSalt.Salt, key)! };

        Assert.Equal(StreamKey.SaltFor("studio"), stored.Salt);
        Assert.Equal(stored.Hash, StreamKey.Digest(StreamKey.SaltFor("studio"), key));
        Assert.True(StreamKey.Verify(key, underRandomSalt));
        Assert.Null(StreamKey.Digest("not base64!", key));
    }

    [Fact]
    public void CorruptStoredHashVerifiesNothing()
    {
        var key = StreamKey.Generate();
        var hash = StreamKey.Hash("studio", key);

        Assert.False(StreamKey.Verify(key, hash with { Hash = "not base64!" }));
        Assert.False(StreamKey.Verify(key, hash with { Salt = StreamKey.Hash("studio2", key).Salt }));
    }
}
