using StreamingPlatform.Contracts;

namespace StreamingPlatform.Tests.Api;

/// <summary>Every pattern that checks text from the network ends at the end of the text, not before a final newline.</summary>
public sealed class AnchoredPatternTests
{
    [Fact]
    public void SessionIdWithATrailingNewlineIsRefused()
    {
        Assert.True(SessionId.IsValid("0195f3c2a1b24c7d9e8f00112233aabb"));
        Assert.False(SessionId.IsValid("0195f3c2a1b24c7d9e8f00112233aabb\n"));
    }

    [Fact]
    public void RecordingFileNameWithATrailingNewlineIsRefused()
    {
        Assert.True(RecordingFileName.TryParse("phone-1795492553.flv", out _, out _));
        Assert.False(RecordingFileName.TryParse("phone-1795492553.flv\n", out _, out _));
    }
}
