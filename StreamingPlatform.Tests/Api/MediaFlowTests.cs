using StreamingPlatform.Api.Hooks;
using StreamingPlatform.Api.Options;

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

    // nginx counts `time` from the publish command and takes no media before the publish hook answers: on a busy node
    // that answer comes seconds later (up to the hook proxy's 12 s), and the heartbeats before the first frame are no silence.
    [Theory]
    [InlineData("5", "0")]
    [InlineData("10", "0")]
    public void PublisherWhosePublishWasAnsweredLateIsNotSilentByDefault(string time, string timestamp) =>
        Assert.False(MediaFlow.IsSilent(time, timestamp, new LiveSessionOptions().MediaWait));
}
