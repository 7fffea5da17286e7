using StreamingPlatform.Api.Channels;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.Tests.Api;

public sealed class StreamNameTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("phone")]
    [InlineData("0day")]
    [InlineData("my-stream_2")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz01")]
    public void AcceptsLowercaseNamesUpTo64Characters(string name) => Assert.True(StreamName.IsValid(name));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Phone")]
    [InlineData("-dash-first")]
    [InlineData("_under-first")]
    [InlineData("../etc")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a.flv")]
    [InlineData("a b")]
    [InlineData("a\nb")]
    [InlineData("bob\n")]
    [InlineData("bob\r\n")]
    [InlineData("bob\0")]
    [InlineData("caf\u00e9")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz012")]
    public void RefusesEverythingElse(string? name) => Assert.False(StreamName.IsValid(name));

    [Fact]
    public void NamesForLogsAreShortAndPrintable()
    {
        var logged = StreamName.ForLog(new string('x', 100) + "\n");

        Assert.Equal(65, logged.Length);
        Assert.Equal("a?b", StreamName.ForLog("a\nb"));
        Assert.Equal("(none)", StreamName.ForLog(null));
    }
}
