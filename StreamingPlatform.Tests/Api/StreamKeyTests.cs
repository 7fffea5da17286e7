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
        var hash = StreamKey.Hash(key);

        Assert.True(StreamKey.Verify(key, hash));
        Assert.False(StreamKey.Verify(key[..^1], hash));
        Assert.False(StreamKey.Verify(key + "x", hash));
        Assert.False(StreamKey.Verify(StreamKey.Generate(), hash));
        Assert.False(StreamKey.Verify("", hash));
        Assert.False(StreamKey.Verify(null, hash));
        Assert.DoesNotContain(key, hash.Hash + hash.Salt);
    }

    [Fact]
    public void SameKeyHashesDifferentlyEachTimeButVerifiesAgainstBoth()
    {
        var key = StreamKey.Generate();

        var (first, second) = (StreamKey.Hash(key), StreamKey.Hash(key));

        Assert.NotEqual(first.Salt, second.Salt);
        Assert.NotEqual(first.Hash, second.Hash);
        Assert.True(StreamKey.Verify(key, first));
        Assert.True(StreamKey.Verify(key, second));
    }

    [Fact]
    public void CorruptStoredHashVerifiesNothing()
    {
        var key = StreamKey.Generate();
        var hash = StreamKey.Hash(key);

        Assert.False(StreamKey.Verify(key, hash with { Hash = "not base64!" }));
        Assert.False(StreamKey.Verify(key, hash with { Salt = StreamKey.Hash(key).Salt }));
    }
}
