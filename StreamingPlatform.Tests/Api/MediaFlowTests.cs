using StreamingPlatform.Api.Hooks;

namespace StreamingPlatform.Tests.Api;

public sealed class MediaFlowTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(4);

    [Theory]
    [InlineData("4", "0")]
    [InlineData("5", "0")]
    [InlineData("60", "0")]
    public void PublisherWithoutAFrameAfterTheWaitIsSilent(string time, string timestamp) => Assert.True(MediaFlow.IsSilent(time, timestamp, Wait));

    [Theory]
    [InlineData("1", "0")] // still within the wait
    [InlineData("3", "0")]
    [InlineData("5", "680")] // frames flow
    [InlineData("60", "1")]
    [InlineData(null, null)] // not nginx's heartbeat: no judgement
    [InlineData("5", null)]
    [InlineData("x", "0")]
    [InlineData("-5", "0")]
    public void AnythingElseIsNot(string? time, string? timestamp) => Assert.False(MediaFlow.IsSilent(time, timestamp, Wait));
}
